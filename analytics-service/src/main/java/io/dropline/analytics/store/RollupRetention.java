package io.dropline.analytics.store;

import io.dropline.contracts.timer.Polling;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Prunes rollup rows no query can read any more: 1-minute rows after {@code minute-rollups} (91 days: queries reach
 * 90 days back, and intervals under an hour read minute rows over all of it), 1-hour rows after {@code hour-rollups}
 * (400 days). Raw events ({@code stored_events}) are kept: the reference states no retention for them, and webhook
 * replays read them.
 *
 * <p>Replica-safe and gentle: every replica tries a pass each {@code interval}; a pass deletes in batches of
 * {@code batch-size} rows, each batch its own short transaction that first takes a transaction-level advisory lock
 * with {@code pg_try_advisory_xact_lock} (a replica that does not get it stops its pass: another one is pruning) and
 * then deletes rows claimed {@code FOR UPDATE SKIP LOCKED} (a row an ingestion upsert holds is left for the next pass,
 * never waited on, so pruning cannot deadlock with ingestion). The rows are found by a scan of the table: old buckets
 * sit at its start, so a batch stops early, and a pass ends with one batch that finds nothing.
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
public class RollupRetention implements SmartLifecycle {

    /** {@code hashtext('analytics.rollup-retention')} would do as well; a fixed number is easier to find in pg_locks. */
    static final long LOCK_KEY = 0x44524F5052554E45L;
    private static final Logger log = LoggerFactory.getLogger(RollupRetention.class);

    /** What a pass did: rows deleted per grain, and whether it stopped because another replica was pruning. */
    public record Pruned(long minuteRows, long hourRows, boolean busy) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final RetentionProperties properties;
    private final Clock clock;
    private volatile Disposable polling;

    RollupRetention(DatabaseClient db, TransactionalOperator transaction, RetentionProperties properties, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pass over both grains. */
    public Mono<Pruned> pass() {
        Instant now = clock.instant();
        return prune(RollupRows.MINUTE, now.minus(properties.minuteRollups()), 0)
                .flatMap(minutes -> minutes < 0 ? Mono.just(new Pruned(0, 0, true))
                        : prune(RollupRows.HOUR, now.minus(properties.hourRollups()), 0)
                                .map(hours -> new Pruned(minutes, Math.max(hours, 0), hours < 0)))
                .doOnNext(pruned -> {
                    if (pruned.minuteRows() + pruned.hourRows() > 0) {
                        log.info("Pruned {} minute and {} hour rollup rows", pruned.minuteRows(), pruned.hourRows());
                    }
                })
                .name("analytics.rollups.prune");
    }

    /** Batches until one comes back short; the rows deleted, or -1 when another replica holds the lock. */
    private Mono<Long> prune(String grain, Instant cutoff, long deletedSoFar) {
        return batch(grain, cutoff).flatMap(deleted -> {
            if (deleted < 0) {
                return Mono.just(deletedSoFar == 0 ? -1L : deletedSoFar);
            }
            long total = deletedSoFar + deleted;
            return deleted < properties.batchSize() ? Mono.just(total) : prune(grain, cutoff, total);
        });
    }

    private Mono<Long> batch(String grain, Instant cutoff) {
        return db.sql("SELECT pg_try_advisory_xact_lock(:key) AS held").bind("key", LOCK_KEY)
                .map(row -> Boolean.TRUE.equals(row.get("held", Boolean.class))).one()
                .flatMap(held -> !held ? Mono.just(-1L)
                        : db.sql("WITH doomed AS (SELECT ctid FROM event_rollups WHERE grain = :grain AND bucket < :cutoff "
                                        + "LIMIT :batch FOR UPDATE SKIP LOCKED) "
                                        + "DELETE FROM event_rollups r USING doomed WHERE r.ctid = doomed.ctid")
                                .bind("grain", grain).bind("cutoff", cutoff).bind("batch", properties.batchSize())
                                .fetch().rowsUpdated())
                .as(transaction::transactional);
    }

    @Override
    public void start() {
        if (properties.enabled()) {
            polling = Polling.every(properties.interval(), this::pass,
                    failure -> log.warn("Rollup pruning failed; trying again next interval: {}", failure.toString()));
        }
    }

    @Override
    public void stop() {
        Disposable running = polling;
        if (running != null) {
            running.dispose();
        }
        polling = null;
    }

    @Override
    public boolean isRunning() {
        return polling != null;
    }
}
