package io.dropline.experiences.access.distribution;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The distribution timers' table ({@code distribution_timers}, V6): types arm and disarm jobs here, inside the
 * transaction that changes their row, and {@link TimerRunner} claims and completes them. All times compared in SQL
 * are PostgreSQL's {@code now()}, one clock for every replica.
 */
@Component
public class DistributionTimers {

    private static final String JOB_COLUMNS = "distribution_id, kind, distribution_type, due_at, attempts, lease_token";

    private final DatabaseClient db;

    DistributionTimers(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Arms job {@code kind} of a distribution at {@code dueAt}, or, with {@code dueAt} null, drops it if it has not run.
     * Idempotent: the same time again changes nothing. A new time re-arms a pending job (and voids a claim in flight:
     * its handler's writes roll back), but a job that already ran is re-armed only for a time still ahead, so moving a
     * past time, or stopping after the close, never runs it twice.
     */
    public Mono<Void> arm(String type, UUID distributionId, String kind, Instant dueAt) {
        if (dueAt == null) {
            return db.sql("DELETE FROM distribution_timers WHERE distribution_id = :id AND kind = :kind AND done_at IS NULL")
                    .bind("id", distributionId)
                    .bind("kind", kind)
                    .then();
        }
        return db.sql("INSERT INTO distribution_timers (distribution_id, kind, distribution_type, due_at) "
                        + "VALUES (:id, :kind, :type, :due) ON CONFLICT (distribution_id, kind) DO UPDATE SET "
                        + "due_at = EXCLUDED.due_at, distribution_type = EXCLUDED.distribution_type, done_at = NULL, "
                        + "lease_owner = NULL, lease_token = NULL, lease_until = NULL, attempts = 0, last_error = NULL, "
                        + "scheduled_at = now() WHERE distribution_timers.due_at <> EXCLUDED.due_at "
                        + "AND (distribution_timers.done_at IS NULL OR EXCLUDED.due_at > now())")
                .bind("id", distributionId)
                .bind("kind", kind)
                .bind("type", type)
                .bind("due", dueAt)
                .then();
    }

    /** The kinds of the window's jobs that {@link #armWindow} arms. */
    public static final String OPEN = "open";
    public static final String CLOSE = "close";

    /**
     * Arms a distribution's {@code open} and {@code close} jobs as its row now says, the way the queue does: a stopped
     * one never opens (a pending open is dropped) and closes when stopped (or at closeAt if that came first); otherwise
     * it opens at openAt, or at its creation, and closes at closeAt (never while that is null).
     *
     * @param stoppedAt when an admin stopped it; null while it runs
     */
    public Mono<Void> armWindow(String type, UUID distributionId, Instant openAt, Instant closeAt, Instant createdAt, Instant stoppedAt) {
        Instant open = stoppedAt != null ? null : openAt != null ? openAt : createdAt;
        Instant close = stoppedAt == null ? closeAt : closeAt != null && closeAt.isBefore(stoppedAt) ? closeAt : stoppedAt;
        return arm(type, distributionId, OPEN, open).then(arm(type, distributionId, CLOSE, close));
    }

    /** Drops every job of a distribution (it is deleted). */
    public Mono<Void> disarmAll(UUID distributionId) {
        return db.sql("DELETE FROM distribution_timers WHERE distribution_id = :id").bind("id", distributionId).then();
    }

    /**
     * Claims up to {@code limit} due jobs that nobody holds (never leased, or the lease ran out: its instance died or
     * is too slow). SKIP LOCKED lets every instance claim at once without waiting on each other; each claim gets a
     * new fencing token and one more attempt.
     */
    Flux<TimerJob> claimDue(String owner, Duration lease, int limit) {
        return db.sql("WITH due AS (SELECT distribution_id, kind FROM distribution_timers "
                        + "WHERE done_at IS NULL AND due_at <= now() AND (lease_until IS NULL OR lease_until < now()) "
                        + "ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED) "
                        + "UPDATE distribution_timers t SET lease_owner = :owner, lease_token = gen_random_uuid(), "
                        + "lease_until = now() + make_interval(secs => :leaseSeconds), attempts = t.attempts + 1 "
                        + "FROM due WHERE t.distribution_id = due.distribution_id AND t.kind = due.kind "
                        + "RETURNING t.distribution_id, t.kind, t.distribution_type, t.due_at, t.attempts, t.lease_token")
                .bind("owner", owner)
                .bind("leaseSeconds", lease.toMillis() / 1000.0)
                .bind("limit", limit)
                .map(row -> new TimerJob(row.get("distribution_id", UUID.class), row.get("kind", String.class),
                        row.get("distribution_type", String.class), row.get("due_at", Instant.class),
                        row.get("attempts", Integer.class), row.get("lease_token", UUID.class)))
                .all();
    }

    /**
     * Marks the job done if this claim still holds it; false when it does not (another instance claimed it after the
     * lease ran out, or the job was re-armed or dropped), and the caller then rolls its handler's writes back.
     */
    Mono<Boolean> completeIfHeld(TimerJob job) {
        return db.sql("UPDATE distribution_timers SET done_at = now(), lease_until = NULL, last_error = NULL "
                        + "WHERE distribution_id = :id AND kind = :kind AND lease_token = :token AND done_at IS NULL")
                .bind("id", job.distributionId())
                .bind("kind", job.kind())
                .bind("token", job.leaseToken())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** A failed run: keeps the claim until {@code retryDelay} from now, then any instance may try again. */
    Mono<Void> failed(TimerJob job, String error, Duration retryDelay) {
        return db.sql("UPDATE distribution_timers SET last_error = :error, "
                        + "lease_until = now() + make_interval(secs => :retrySeconds) "
                        + "WHERE distribution_id = :id AND kind = :kind AND lease_token = :token AND done_at IS NULL")
                .bind("error", error)
                .bind("retrySeconds", retryDelay.toMillis() / 1000.0)
                .bind("id", job.distributionId())
                .bind("kind", job.kind())
                .bind("token", job.leaseToken())
                .then();
    }

    /** A job of a type this service no longer runs: done, with the reason, so it is not claimed forever. */
    Mono<Void> abandon(TimerJob job, String reason) {
        return db.sql("UPDATE distribution_timers SET done_at = now(), lease_until = NULL, last_error = :reason "
                        + "WHERE distribution_id = :id AND kind = :kind AND lease_token = :token AND done_at IS NULL")
                .bind("reason", reason)
                .bind("id", job.distributionId())
                .bind("kind", job.kind())
                .bind("token", job.leaseToken())
                .then();
    }
}
