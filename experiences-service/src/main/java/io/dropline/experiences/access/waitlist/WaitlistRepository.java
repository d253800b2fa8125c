package io.dropline.experiences.access.waitlist;

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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for waitlists; every statement but the timers' ({@link #lockAnyById}) is scoped by the caller's tenant. */
@Repository
class WaitlistRepository extends DistributionTable<WaitlistEntity> {

    /** {@code GET /waitlists}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<WaitlistEntity> LIST = KeysetList.<WaitlistEntity>builder()
            .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", WaitlistEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", WaitlistEntity::id))
            .build();

    WaitlistRepository(DatabaseClient db) {
        super(db, "waitlists", WaitlistEntity.COLUMNS, WaitlistEntity::from);
    }

    Mono<WaitlistEntity> insert(InternalContext context, UUID id, Parent parent, WaitlistValues values, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO waitlists (id, organization_id, environment, sequence_id, experience_id, name, "
                        + "time_zone, open_at, close_at, supports_guest, capacity, notification_strategy, wave_size, wave_interval_seconds, "
                        + "notify_at, metadata, created_at, updated_at) VALUES (:id, :org, :env, :sequenceId, :experienceId, :name, :timeZone, "
                        + ":openAt, :closeAt, :supportsGuest, :capacity, :strategy, :waveSize, :interval, :notifyAt, :metadata::jsonb, :now, :now) "
                        + "RETURNING " + WaitlistEntity.COLUMNS)
                .bind("id", id)
                .bind("sequenceId", parent.sequenceId())
                .bind("experienceId", parent.experienceId())
                .bind("now", now);
        return values(scoped(spec, context), values).map(WaitlistEntity::from).one();
    }

    Mono<WaitlistEntity> findBySequence(InternalContext context, UUID sequenceId) {
        return scoped(db.sql("SELECT " + WaitlistEntity.COLUMNS + " FROM waitlists WHERE sequence_id = :id AND " + SCOPE), context)
                .bind("id", sequenceId)
                .map(WaitlistEntity::from)
                .one();
    }

    Mono<WaitlistEntity> update(InternalContext context, UUID id, WaitlistValues values, boolean stop, String stoppedBy, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE waitlists SET name = :name, time_zone = :timeZone, open_at = :openAt, close_at = :closeAt, "
                        + "supports_guest = :supportsGuest, capacity = :capacity, notification_strategy = :strategy, wave_size = :waveSize, "
                        + "wave_interval_seconds = :interval, notify_at = :notifyAt, metadata = :metadata::jsonb, "
                        + "status_override = CASE WHEN :stop THEN 'ended' ELSE status_override END, "
                        + "status_override_at = CASE WHEN :stop THEN :now ELSE status_override_at END, "
                        + "status_override_by = CASE WHEN :stop THEN :stoppedBy ELSE status_override_by END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + WaitlistEntity.COLUMNS)
                .bind("id", id)
                .bind("stop", stop)
                .bind("now", now);
        spec = stoppedBy == null ? spec.bindNull("stoppedBy", String.class) : spec.bind("stoppedBy", stoppedBy);
        return values(scoped(spec, context), values).map(WaitlistEntity::from).one();
    }

    /**
     * Takes one more active sign-up if capacity allows: the conditional increment runs under the row's lock, so two
     * sign-ups can never both take the last place. False when full.
     */
    Mono<Boolean> takeSignup(UUID id) {
        return db.sql("UPDATE waitlists SET signup_count = signup_count + 1 WHERE id = :id AND (capacity IS NULL OR signup_count < capacity)")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** An active sign-up ended (left, denied): its place is free again. */
    Mono<Void> releaseSignup(UUID id) {
        return db.sql("UPDATE waitlists SET signup_count = signup_count - 1 WHERE id = :id AND signup_count > 0").bind("id", id).then();
    }

    /**
     * Wave {@code wave}: moves up to {@code limit} WAITING sign-ups (null: all) to NOTIFIED, in the strategy's order
     * (priority: highest first, then sign-up order; otherwise sign-up order), and returns them. The caller holds the
     * waitlist's row lock and the timer's lease, and the status condition means nobody is notified twice.
     */
    Flux<NotifiedRow> notifyWave(UUID id, int wave, boolean byPriority, Integer limit, Instant at) {
        String order = byPriority ? "priority DESC, seq" : "seq";
        GenericExecuteSpec spec = db.sql("UPDATE waitlist_entries e SET status = 'NOTIFIED', notified_at = :at, notified_wave = :wave, "
                        + "updated_at = :at FROM (SELECT consumer_id FROM waitlist_entries WHERE distribution_id = :id AND status = 'WAITING' "
                        + "ORDER BY " + order + " LIMIT :limit) picked WHERE e.distribution_id = :id AND e.consumer_id = picked.consumer_id "
                        + "AND e.status = 'WAITING' RETURNING e.consumer_id, e.seq, e.priority")
                .bind("id", id)
                .bind("wave", wave)
                .bind("at", at);
        spec = limit == null ? spec.bindNull("limit", Integer.class) : spec.bind("limit", limit);
        return spec.map(row -> new NotifiedRow(row.get("consumer_id", UUID.class), row.get("seq", Long.class), row.get("priority", Integer.class)))
                .all();
    }

    record NotifiedRow(UUID consumerId, long seq, int priority) {
    }

    Mono<Void> waveSent(UUID id, int wave) {
        return db.sql("UPDATE waitlists SET waves_sent = :wave WHERE id = :id AND waves_sent < :wave").bind("id", id).bind("wave", wave).then();
    }

    Mono<Long> waiting(UUID id) {
        return db.sql("SELECT count(*) AS n FROM waitlist_entries WHERE distribution_id = :id AND status = 'WAITING'")
                .bind("id", id)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, WaitlistValues values) {
        spec = spec.bind("name", values.name()).bind("supportsGuest", values.supportsGuest()).bind("strategy", values.notificationStrategy());
        spec = nullable(spec, "timeZone", values.timeZone(), String.class);
        spec = nullable(spec, "openAt", values.openAt(), Instant.class);
        spec = nullable(spec, "closeAt", values.closeAt(), Instant.class);
        spec = nullable(spec, "capacity", values.capacity(), Integer.class);
        spec = nullable(spec, "waveSize", values.waveSize(), Integer.class);
        spec = nullable(spec, "interval", values.waveIntervalSeconds(), Integer.class);
        spec = nullable(spec, "notifyAt", values.notifyAt(), Instant.class);
        return nullable(spec, "metadata", values.metadataJson(), String.class);
    }

}
