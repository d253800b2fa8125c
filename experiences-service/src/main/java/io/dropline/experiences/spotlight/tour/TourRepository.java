package io.dropline.experiences.spotlight.tour;

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

/** SQL for tours and their versions; every statement is scoped by the context's organization and environment. */
@Repository
class TourRepository {

    private static final String SCOPE = "t.organization_id = :org AND t.environment = :env";
    private static final String COLUMNS = "t.id, t.status, t.definition::text AS definition, t.version, t.created_at, t.updated_at, "
            + "t.published_at, t.archived_at, (t.version = 0 OR t.definition IS DISTINCT FROM (SELECT v.definition FROM tour_versions v "
            + "WHERE v.tour_id = t.id AND v.version = t.version)) AS has_unpublished_changes";
    private static final String VERSION_COLUMNS = "v.tour_id, v.version, v.definition::text AS definition, v.source, v.rolled_back_from, "
            + "v.published_at, v.published_by";

    private final DatabaseClient db;

    TourRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(InternalContext context, String id, ObjectNode definition, Instant now) {
        return scoped(db.sql("INSERT INTO tours (id, organization_id, environment, status, definition, version, created_at, updated_at) "
                        + "VALUES (:id, :org, :env, 'draft', :definition::jsonb, 0, :now, :now)"), context)
                .bind("id", id)
                .bind("definition", json(definition))
                .bind("now", now)
                .then();
    }

    Mono<TourEntity> find(InternalContext context, String id) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM tours t WHERE t.id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(TourRepository::entity)
                .one();
    }

    /** Locks the row until the surrounding transaction ends, so lifecycle checks and writes cannot interleave. */
    Mono<TourEntity> lock(InternalContext context, String id) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM tours t WHERE t.id = :id AND " + SCOPE + " FOR UPDATE OF t"), context)
                .bind("id", id)
                .map(TourRepository::entity)
                .one();
    }

    Flux<TourEntity> page(InternalContext context, int limit, long offset) {
        return scoped(db.sql("SELECT " + COLUMNS + " FROM tours t WHERE " + SCOPE
                        + " ORDER BY t.created_at DESC, t.id LIMIT :limit OFFSET :offset"), context)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(TourRepository::entity)
                .all();
    }

    Mono<Long> count(InternalContext context) {
        return scoped(db.sql("SELECT count(*) AS n FROM tours t WHERE " + SCOPE), context).map(row -> row.get("n", Long.class)).one();
    }

    Mono<Void> updateDefinition(InternalContext context, String id, ObjectNode definition, Instant now) {
        return scoped(db.sql("UPDATE tours t SET definition = :definition::jsonb, updated_at = :now WHERE t.id = :id AND " + SCOPE), context)
                .bind("id", id)
                .bind("definition", json(definition))
                .bind("now", now)
                .then();
    }

    /** Appends version {@code version} and makes it the served one; the working definition becomes the snapshot. */
    Mono<Void> publish(InternalContext context, String id, int version, ObjectNode definition, String source, Integer rolledBackFrom,
            String publishedBy, Instant now) {
        GenericExecuteSpec insert = scoped(db.sql("INSERT INTO tour_versions (tour_id, version, organization_id, environment, definition, "
                        + "source, rolled_back_from, published_at, published_by) VALUES (:id, :version, :org, :env, :definition::jsonb, "
                        + ":source, :rolledBackFrom, :now, :by)"), context)
                .bind("id", id)
                .bind("version", version)
                .bind("definition", json(definition))
                .bind("source", source)
                .bind("now", now);
        insert = rolledBackFrom == null ? insert.bindNull("rolledBackFrom", Integer.class) : insert.bind("rolledBackFrom", rolledBackFrom);
        insert = publishedBy == null ? insert.bindNull("by", String.class) : insert.bind("by", publishedBy);
        Mono<Void> serve = scoped(db.sql("UPDATE tours t SET status = 'published', version = :version, definition = :definition::jsonb, "
                        + "published_at = :now, updated_at = :now WHERE t.id = :id AND " + SCOPE), context)
                .bind("id", id)
                .bind("version", version)
                .bind("definition", json(definition))
                .bind("now", now)
                .then();
        return insert.then().then(serve);
    }

    Mono<Void> archive(InternalContext context, String id, Instant now) {
        return scoped(db.sql("UPDATE tours t SET status = 'archived', archived_at = :now, updated_at = :now WHERE t.id = :id AND " + SCOPE),
                context)
                .bind("id", id)
                .bind("now", now)
                .then();
    }

    Flux<TourVersionEntity> versions(InternalContext context, String id, int limit, long offset) {
        return scoped(db.sql("SELECT " + VERSION_COLUMNS + " FROM tour_versions v WHERE v.tour_id = :id AND v.organization_id = :org "
                        + "AND v.environment = :env ORDER BY v.version DESC LIMIT :limit OFFSET :offset"), context)
                .bind("id", id)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(TourRepository::version)
                .all();
    }

    Mono<TourVersionEntity> version(InternalContext context, String id, int version) {
        return scoped(db.sql("SELECT " + VERSION_COLUMNS + " FROM tour_versions v WHERE v.tour_id = :id AND v.version = :version "
                        + "AND v.organization_id = :org AND v.environment = :env"), context)
                .bind("id", id)
                .bind("version", version)
                .map(TourRepository::version)
                .one();
    }

    /** The served snapshot of every published tour of the tenant, for the SDK's catalog. */
    Flux<TourVersionEntity> published(InternalContext context) {
        return scoped(db.sql("SELECT " + VERSION_COLUMNS + " FROM tours t JOIN tour_versions v ON v.tour_id = t.id AND v.version = t.version "
                        + "WHERE t.status = 'published' AND " + SCOPE), context)
                .map(TourRepository::version)
                .all();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    private static TourEntity entity(Readable row) {
        return new TourEntity(row.get("id", String.class), row.get("status", String.class), object(row.get("definition", String.class)),
                row.get("version", Integer.class), Boolean.TRUE.equals(row.get("has_unpublished_changes", Boolean.class)),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class), row.get("published_at", Instant.class),
                row.get("archived_at", Instant.class));
    }

    private static TourVersionEntity version(Readable row) {
        return new TourVersionEntity(row.get("tour_id", String.class), row.get("version", Integer.class),
                object(row.get("definition", String.class)), row.get("source", String.class), row.get("rolled_back_from", Integer.class),
                row.get("published_at", Instant.class), row.get("published_by", String.class));
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) JsonMapper.shared().readTree(json);
    }

    private static String json(ObjectNode definition) {
        return JsonMapper.shared().writeValueAsString(definition);
    }
}
