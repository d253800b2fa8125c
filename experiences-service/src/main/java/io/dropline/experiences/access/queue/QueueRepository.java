package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for queues. Every statement but {@link #findAnyById} (the engine's lookup by primary key) is scoped by
 * organization and environment from the internal context, so another tenant's id simply finds no row.
 */
@Repository
class QueueRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    /** {@code GET /queues}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<QueueEntity> LIST = KeysetList.<QueueEntity>builder()
            .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", QueueEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", QueueEntity::id))
            // No type here, but these cursors have always been bound like a /distributions page without one ("false").
            .filter(ListFilter.of(List.of(), (params, errors) -> null, type -> List.of(), type -> List.of("false")))
            .build();

    private final DatabaseClient db;

    QueueRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The sequence a new queue goes into: its experience and that experience's time zone (for local date-times). */
    record Parent(UUID sequenceId, UUID experienceId, String experienceTimeZone) {
    }

    Mono<Parent> findParent(InternalContext context, UUID sequenceId) {
        return scoped(db.sql("SELECT s.id, s.experience_id, e.time_zone FROM sequences s JOIN experiences e ON e.id = s.experience_id "
                        + "WHERE s.id = :id AND s.organization_id = :org AND s.environment = :env"), context)
                .bind("id", sequenceId)
                .map(row -> new Parent(row.get("id", UUID.class), row.get("experience_id", UUID.class), row.get("time_zone", String.class)))
                .one();
    }

    /** The experience's time zone of an existing queue. */
    Mono<String> experienceTimeZone(UUID experienceId) {
        return db.sql("SELECT time_zone FROM experiences WHERE id = :id")
                .bind("id", experienceId)
                .map(row -> java.util.Optional.ofNullable(row.get("time_zone", String.class)))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    Mono<QueueEntity> insert(InternalContext context, UUID id, Parent parent, QueueValues values, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO queues (id, organization_id, environment, sequence_id, experience_id, name, "
                        + "time_zone, open_at, close_at, supports_guest, admit_rate, capacity, max_admissions, "
                        + "admission_expiration_seconds, recycle_expired_spots, metadata, created_at, updated_at) VALUES (:id, :org, "
                        + ":env, :sequenceId, :experienceId, :name, :timeZone, :openAt, :closeAt, :supportsGuest, :admitRate, "
                        + ":capacity, :maxAdmissions, :expiration, :recycle, :metadata::jsonb, :now, :now) RETURNING " + QueueEntity.COLUMNS)
                .bind("id", id)
                .bind("sequenceId", parent.sequenceId())
                .bind("experienceId", parent.experienceId())
                .bind("now", now);
        return values(scoped(spec, context), values).map(QueueEntity::from).one();
    }

    Mono<QueueEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + QueueEntity.COLUMNS + " FROM queues WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(QueueEntity::from)
                .one();
    }

    /** The row, locked until the surrounding transaction ends, so a read-check-write update cannot interleave. */
    Mono<QueueEntity> lockById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + QueueEntity.COLUMNS + " FROM queues WHERE id = :id AND " + SCOPE + " FOR UPDATE"), context)
                .bind("id", id)
                .map(QueueEntity::from)
                .one();
    }

    /** Unscoped: for the queue engine, which has resolved the tenant already. */
    Mono<QueueEntity> findAnyById(UUID id) {
        return db.sql("SELECT " + QueueEntity.COLUMNS + " FROM queues WHERE id = :id")
                .bind("id", id)
                .map(QueueEntity::from)
                .one();
    }

    /** Queues whose {@code column} (sequence_id or experience_id) is one of {@code ids}, in creation order. */
    Flux<QueueEntity> findByParents(InternalContext context, String column, Collection<UUID> ids) {
        if (!column.equals("sequence_id") && !column.equals("experience_id")) {
            throw new IllegalArgumentException("Not a parent column: " + column);
        }
        return scoped(db.sql("SELECT " + QueueEntity.COLUMNS + " FROM queues WHERE " + column + " = ANY(:ids) AND " + SCOPE
                        + " ORDER BY created_at, id"), context)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(QueueEntity::from)
                .all();
    }

    /** The queues with these ids ({@code GET /distributions} asks for a page's queues at once), in no given order. */
    Flux<QueueEntity> findByIds(InternalContext context, Collection<UUID> ids) {
        return scoped(db.sql("SELECT " + QueueEntity.COLUMNS + " FROM queues WHERE id = ANY(:ids) AND " + SCOPE), context)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(QueueEntity::from)
                .all();
    }

    Mono<QueueEntity> update(InternalContext context, UUID id, QueueValues values, boolean stop, String stoppedBy, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE queues SET name = :name, time_zone = :timeZone, open_at = :openAt, close_at = :closeAt, "
                        + "supports_guest = :supportsGuest, admit_rate = :admitRate, capacity = :capacity, max_admissions = :maxAdmissions, "
                        + "admission_expiration_seconds = :expiration, recycle_expired_spots = :recycle, metadata = :metadata::jsonb, "
                        + "status_override = CASE WHEN :stop THEN 'ended' ELSE status_override END, "
                        + "status_override_at = CASE WHEN :stop THEN :now ELSE status_override_at END, "
                        + "status_override_by = CASE WHEN :stop THEN :stoppedBy ELSE status_override_by END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + QueueEntity.COLUMNS)
                .bind("id", id)
                .bind("stop", stop)
                .bind("now", now);
        spec = nullable(spec, "stoppedBy", stoppedBy, String.class);
        return values(scoped(spec, context), values).map(QueueEntity::from).one();
    }

    Mono<QueueEntity> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM queues WHERE id = :id AND " + SCOPE + " RETURNING " + QueueEntity.COLUMNS), context)
                .bind("id", id)
                .map(QueueEntity::from)
                .one();
    }

    /** One page in the page's direction, plus one row to tell whether more follow. */
    Flux<QueueEntity> page(InternalContext context, Keyset<QueueEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + QueueEntity.COLUMNS + " FROM queues WHERE " + SCOPE + keyset.sql()), context))
                .map(QueueEntity::from)
                .all();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, QueueValues values) {
        spec = spec.bind("name", values.name())
                .bind("supportsGuest", values.supportsGuest())
                .bind("admitRate", values.admitRate())
                .bind("recycle", values.recycleExpiredSpots());
        spec = nullable(spec, "timeZone", values.timeZone(), String.class);
        spec = nullable(spec, "openAt", values.openAt(), Instant.class);
        spec = nullable(spec, "closeAt", values.closeAt(), Instant.class);
        spec = nullable(spec, "capacity", values.capacity(), Integer.class);
        spec = nullable(spec, "maxAdmissions", values.maxAdmissions(), Integer.class);
        spec = nullable(spec, "expiration", values.admissionExpirationSeconds(), Integer.class);
        return nullable(spec, "metadata", values.metadataJson(), String.class);
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }
}
