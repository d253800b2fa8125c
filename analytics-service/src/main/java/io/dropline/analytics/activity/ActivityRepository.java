package io.dropline.analytics.activity;

import io.dropline.contracts.context.InternalContext;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for the activity log; reads are scoped by organization and environment from the internal context. */
@Repository
class ActivityRepository {

    private static final String COLUMNS = "id, organization_id, environment, occurred_at, actor_id, actor_type, actor_key_id, "
            + "action, entity_type, entity_id, before::text AS before, after::text AS after, request_id";
    private static final String SCOPE = "organization_id = :org AND environment = :env";
    private static final String ENTITY = " AND entity_type = :entityType AND entity_id = :entityId";

    private final DatabaseClient db;

    ActivityRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores the entry unless one with its id exists: true when this call stored it. */
    Mono<Boolean> insertOnce(ActivityRecord entry) {
        GenericExecuteSpec spec = db.sql("INSERT INTO admin_activity (id, organization_id, environment, occurred_at, actor_id, "
                        + "actor_type, actor_key_id, action, entity_type, entity_id, before, after, request_id) "
                        + "VALUES (:id, :org, :env, :occurredAt, :actorId, :actorType, :actorKeyId, :action, :entityType, :entityId, "
                        + ":before::jsonb, :after::jsonb, :requestId) ON CONFLICT (id) DO NOTHING")
                .bind("id", entry.id())
                .bind("org", entry.organizationId())
                .bind("env", entry.environment())
                .bind("occurredAt", entry.occurredAt())
                .bind("action", entry.action())
                .bind("entityType", entry.entityType())
                .bind("entityId", entry.entityId());
        spec = text(spec, "actorId", entry.actorId());
        spec = text(spec, "actorType", entry.actorType());
        spec = text(spec, "actorKeyId", entry.actorKeyId());
        spec = text(spec, "before", entry.before());
        spec = text(spec, "after", entry.after());
        spec = text(spec, "requestId", entry.requestId());
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }

    Flux<ActivityRecord> page(InternalContext context, String entityType, String entityId, long limit, long offset) {
        String filter = entityType == null ? "" : ENTITY;
        GenericExecuteSpec spec = scoped(db.sql("SELECT " + COLUMNS + " FROM admin_activity WHERE " + SCOPE + filter
                + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset"), context, entityType, entityId)
                .bind("limit", limit)
                .bind("offset", offset);
        return spec.map(ActivityRepository::record).all();
    }

    Mono<Long> count(InternalContext context, String entityType, String entityId) {
        String filter = entityType == null ? "" : ENTITY;
        return scoped(db.sql("SELECT count(*) FROM admin_activity WHERE " + SCOPE + filter), context, entityType, entityId)
                .map(row -> row.get(0, Long.class))
                .one();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context, String entityType, String entityId) {
        spec = spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
        return entityType == null ? spec : spec.bind("entityType", entityType).bind("entityId", entityId);
    }

    private static GenericExecuteSpec text(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static ActivityRecord record(Readable row) {
        return new ActivityRecord(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("occurred_at", Instant.class),
                row.get("actor_id", String.class),
                row.get("actor_type", String.class),
                row.get("actor_key_id", String.class),
                row.get("action", String.class),
                row.get("entity_type", String.class),
                row.get("entity_id", String.class),
                row.get("before", String.class),
                row.get("after", String.class),
                row.get("request_id", String.class));
    }
}
