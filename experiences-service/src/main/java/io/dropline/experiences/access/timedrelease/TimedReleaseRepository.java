package io.dropline.experiences.access.timedrelease;

import io.dropline.experiences.access.distribution.DistributionTable;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL for timed releases; every statement but {@link #findAnyById} (timers) is scoped by the caller's tenant. */
@Repository
class TimedReleaseRepository extends DistributionTable<TimedReleaseEntity> {

    /** {@code GET /timed-releases}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<TimedReleaseEntity> LIST = KeysetList.<TimedReleaseEntity>builder()
            .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", TimedReleaseEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", TimedReleaseEntity::id))
            .build();

    TimedReleaseRepository(DatabaseClient db) {
        super(db, "timed_releases", TimedReleaseEntity.COLUMNS, TimedReleaseEntity::from);
    }

    Mono<TimedReleaseEntity> insert(InternalContext context, UUID id, Parent parent, TimedReleaseValues values, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO timed_releases (id, organization_id, environment, sequence_id, experience_id, name, "
                        + "time_zone, open_at, close_at, supports_guest, metadata, created_at, updated_at) VALUES (:id, :org, :env, "
                        + ":sequenceId, :experienceId, :name, :timeZone, :openAt, :closeAt, :supportsGuest, :metadata::jsonb, :now, :now) "
                        + "RETURNING " + TimedReleaseEntity.COLUMNS)
                .bind("id", id)
                .bind("sequenceId", parent.sequenceId())
                .bind("experienceId", parent.experienceId())
                .bind("now", now);
        return values(scoped(spec, context), values).map(TimedReleaseEntity::from).one();
    }

    Mono<TimedReleaseEntity> update(InternalContext context, UUID id, TimedReleaseValues values, boolean stop, String stoppedBy, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE timed_releases SET name = :name, time_zone = :timeZone, open_at = :openAt, "
                        + "close_at = :closeAt, supports_guest = :supportsGuest, metadata = :metadata::jsonb, "
                        + "status_override = CASE WHEN :stop THEN 'ended' ELSE status_override END, "
                        + "status_override_at = CASE WHEN :stop THEN :now ELSE status_override_at END, "
                        + "status_override_by = CASE WHEN :stop THEN :stoppedBy ELSE status_override_by END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + TimedReleaseEntity.COLUMNS)
                .bind("id", id)
                .bind("stop", stop)
                .bind("now", now);
        spec = stoppedBy == null ? spec.bindNull("stoppedBy", String.class) : spec.bind("stoppedBy", stoppedBy);
        return values(scoped(spec, context), values).map(TimedReleaseEntity::from).one();
    }

    /** Whether any consumer holds a grant that is still live (unexpired): such a release is not deleted. */
    Mono<Boolean> hasLiveGrants(UUID id, Instant now) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM timed_release_entries WHERE distribution_id = :id AND status = 'GRANTED' "
                        + "AND (grant_expires_at IS NULL OR grant_expires_at > :now)) AS live")
                .bind("id", id)
                .bind("now", now)
                .map(row -> row.get("live", Boolean.class))
                .one();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, TimedReleaseValues values) {
        spec = spec.bind("name", values.name()).bind("supportsGuest", values.supportsGuest());
        spec = values.timeZone() == null ? spec.bindNull("timeZone", String.class) : spec.bind("timeZone", values.timeZone());
        spec = values.openAt() == null ? spec.bindNull("openAt", Instant.class) : spec.bind("openAt", values.openAt());
        spec = values.closeAt() == null ? spec.bindNull("closeAt", Instant.class) : spec.bind("closeAt", values.closeAt());
        return values.metadataJson() == null ? spec.bindNull("metadata", String.class) : spec.bind("metadata", values.metadataJson());
    }

}
