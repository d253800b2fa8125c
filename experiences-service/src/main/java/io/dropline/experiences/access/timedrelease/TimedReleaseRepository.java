package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for timed releases; every statement but {@link #findAnyById} (timers) is scoped by the caller's tenant. */
@Repository
class TimedReleaseRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";

    /** {@code GET /timed-releases}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<TimedReleaseEntity> LIST = KeysetList.<TimedReleaseEntity>builder()
            .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", TimedReleaseEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", TimedReleaseEntity::id))
            .build();

    private final DatabaseClient db;

    TimedReleaseRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The sequence a new timed release goes into, with its experience and that experience's zone. */
    record Parent(UUID sequenceId, UUID experienceId, String experienceTimeZone) {
    }

    Mono<Parent> findParent(InternalContext context, UUID sequenceId) {
        return scoped(db.sql("SELECT s.id, s.experience_id, e.time_zone FROM sequences s JOIN experiences e ON e.id = s.experience_id "
                        + "WHERE s.id = :id AND s.organization_id = :org AND s.environment = :env"), context)
                .bind("id", sequenceId)
                .map(row -> new Parent(row.get("id", UUID.class), row.get("experience_id", UUID.class), row.get("time_zone", String.class)))
                .one();
    }

    Mono<Optional<String>> experienceTimeZone(UUID experienceId) {
        return db.sql("SELECT time_zone FROM experiences WHERE id = :id")
                .bind("id", experienceId)
                .map(row -> Optional.ofNullable(row.get("time_zone", String.class)))
                .one()
                .defaultIfEmpty(Optional.empty());
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

    Mono<TimedReleaseEntity> findById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + TimedReleaseEntity.COLUMNS + " FROM timed_releases WHERE id = :id AND " + SCOPE), context)
                .bind("id", id)
                .map(TimedReleaseEntity::from)
                .one();
    }

    Mono<TimedReleaseEntity> lockById(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + TimedReleaseEntity.COLUMNS + " FROM timed_releases WHERE id = :id AND " + SCOPE + " FOR UPDATE"), context)
                .bind("id", id)
                .map(TimedReleaseEntity::from)
                .one();
    }

    /** Unscoped: for timers and grant records, which have the id from a row already. */
    Mono<TimedReleaseEntity> findAnyById(UUID id) {
        return db.sql("SELECT " + TimedReleaseEntity.COLUMNS + " FROM timed_releases WHERE id = :id")
                .bind("id", id)
                .map(TimedReleaseEntity::from)
                .one();
    }

    Flux<TimedReleaseEntity> findByIds(InternalContext context, Collection<UUID> ids) {
        return scoped(db.sql("SELECT " + TimedReleaseEntity.COLUMNS + " FROM timed_releases WHERE id = ANY(:ids) AND " + SCOPE), context)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(TimedReleaseEntity::from)
                .all();
    }

    /** Rows whose {@code column} (sequence_id or experience_id) is one of {@code ids}, in creation order. */
    Flux<TimedReleaseEntity> findByParents(InternalContext context, String column, Collection<UUID> ids) {
        if (!column.equals("sequence_id") && !column.equals("experience_id")) {
            throw new IllegalArgumentException("Not a parent column: " + column);
        }
        return scoped(db.sql("SELECT " + TimedReleaseEntity.COLUMNS + " FROM timed_releases WHERE " + column + " = ANY(:ids) AND " + SCOPE
                        + " ORDER BY created_at, id"), context)
                .bind("ids", ids.toArray(UUID[]::new))
                .map(TimedReleaseEntity::from)
                .all();
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

    Mono<TimedReleaseEntity> delete(InternalContext context, UUID id) {
        return scoped(db.sql("DELETE FROM timed_releases WHERE id = :id AND " + SCOPE + " RETURNING " + TimedReleaseEntity.COLUMNS), context)
                .bind("id", id)
                .map(TimedReleaseEntity::from)
                .one();
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

    Flux<TimedReleaseEntity> page(InternalContext context, Keyset<TimedReleaseEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + TimedReleaseEntity.COLUMNS + " FROM timed_releases WHERE " + SCOPE + keyset.sql()), context))
                .map(TimedReleaseEntity::from)
                .all();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, TimedReleaseValues values) {
        spec = spec.bind("name", values.name()).bind("supportsGuest", values.supportsGuest());
        spec = values.timeZone() == null ? spec.bindNull("timeZone", String.class) : spec.bind("timeZone", values.timeZone());
        spec = values.openAt() == null ? spec.bindNull("openAt", Instant.class) : spec.bind("openAt", values.openAt());
        spec = values.closeAt() == null ? spec.bindNull("closeAt", Instant.class) : spec.bind("closeAt", values.closeAt());
        return values.metadataJson() == null ? spec.bindNull("metadata", String.class) : spec.bind("metadata", values.metadataJson());
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}
