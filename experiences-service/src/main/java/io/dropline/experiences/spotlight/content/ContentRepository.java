package io.dropline.experiences.spotlight.content;

import io.dropline.contracts.context.InternalContext;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** SQL for content items; every statement is scoped by the context's organization and environment. */
@Repository
class ContentRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";
    private static final String COLUMNS = "id, content_type, status, definition::text AS definition, created_at, updated_at, published_at, archived_at";

    private final DatabaseClient db;

    ContentRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<ContentEntity> insert(InternalContext context, String id, String type, ObjectNode definition, Instant now) {
        return scoped(db.sql("INSERT INTO content_items (id, organization_id, environment, content_type, status, definition, created_at, "
                        + "updated_at) VALUES (:id, :org, :env, :type, 'draft', :definition::jsonb, :now, :now) RETURNING " + COLUMNS), context)
                .bind("id", id)
                .bind("type", type)
                .bind("definition", JsonMapper.shared().writeValueAsString(definition))
                .bind("now", now)
                .map(ContentRepository::entity)
                .one();
    }

    Mono<ContentEntity> find(InternalContext context, String id) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM content_items WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(ContentRepository::entity)
                .one();
    }

    Mono<ContentEntity> lock(InternalContext context, String id) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM content_items WHERE id = :id AND " + SCOPE + " FOR UPDATE"), context)
                .bind("id", id)
                .map(ContentRepository::entity)
                .one();
    }

    Flux<ContentEntity> page(InternalContext context, int limit, long offset) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM content_items WHERE " + SCOPE
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset"), context)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(ContentRepository::entity)
                .all();
    }

    Mono<Long> count(InternalContext context) {
        return scoped(db.sql("SELECT count(*) AS n FROM content_items WHERE " + SCOPE), context).map(row -> row.get("n", Long.class)).one();
    }

    Flux<ContentEntity> published(InternalContext context) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM content_items WHERE status = 'published' AND " + SCOPE), context)
                .map(ContentRepository::entity)
                .all();
    }

    Mono<ContentEntity> updateDefinition(InternalContext context, String id, ObjectNode definition, Instant now) {
        return scoped(db.sql("UPDATE content_items SET definition = :definition::jsonb, updated_at = :now WHERE id = :id AND " + SCOPE
                        + " RETURNING " + COLUMNS), context)
                .bind("id", id)
                .bind("definition", JsonMapper.shared().writeValueAsString(definition))
                .bind("now", now)
                .map(ContentRepository::entity)
                .one();
    }

    /** Moves to {@code status}, stamping {@code published_at} or {@code archived_at}. */
    Mono<ContentEntity> transition(InternalContext context, String id, String status, Instant now) {
        String stamp = status.equals("published") ? "published_at" : "archived_at";
        return scoped(db.sql("UPDATE content_items SET status = :status, " + stamp + " = :now, updated_at = :now WHERE id = :id AND " + SCOPE
                        + " RETURNING " + COLUMNS), context)
                .bind("id", id)
                .bind("status", status)
                .bind("now", now)
                .map(ContentRepository::entity)
                .one();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    private static ContentEntity entity(Readable row) {
        return new ContentEntity(row.get("id", String.class), row.get("content_type", String.class), row.get("status", String.class),
                (ObjectNode) JsonMapper.shared().readTree(row.get("definition", String.class)), row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class), row.get("published_at", Instant.class), row.get("archived_at", Instant.class));
    }
}
