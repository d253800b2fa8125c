package io.dropline.experiences.access.queue;

import io.dropline.experiences.access.distribution.DistributionTable;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for queues. Every statement but {@link #findAnyById} (the engine's lookup by primary key) is scoped by
 * organization and environment from the internal context, so another tenant's id simply finds no row.
 */
@Repository
class QueueRepository extends DistributionTable<QueueEntity> {

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

    QueueRepository(DatabaseClient db) {
        super(db, "queues", QueueEntity.COLUMNS, QueueEntity::from);
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

}
