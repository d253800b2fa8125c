package io.dropline.contracts.event.bus;

import io.dropline.contracts.timer.Polling;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * How far this service's outbox relay is behind (docs/observability.md, "Metrics"): {@code dropline.outbox.pending}
 * (rows not yet published) and {@code dropline.outbox.oldest.age} (seconds since the oldest of them occurred; 0 when
 * none). One aggregate query on the partial index {@code outbox_unpublished} every {@code statsInterval}, off every
 * request path; the gauges read its last answer, so a scrape never touches PostgreSQL. Every replica reports the same
 * table: read them with {@code max}, not {@code sum}.
 */
public class OutboxLag implements MeterBinder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxLag.class);

    private final DatabaseClient db;
    private final Duration interval;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private volatile Disposable polling;

    public OutboxLag(DatabaseClient db, Duration interval) {
        this.db = db;
        this.interval = interval;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("dropline.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows not yet published to the event stream")
                .register(registry);
        Gauge.builder("dropline.outbox.oldest.age", oldestAgeMillis, millis -> millis.get() / 1000.0)
                .description("Age of the oldest outbox row not yet published (0 when none)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Reads the outbox's backlog once; the gauges show it until the next read. */
    Mono<Void> measure() {
        return db.sql("SELECT count(*) AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)) * 1000, 0) AS age "
                        + "FROM outbox WHERE published_at IS NULL")
                .map(row -> new Backlog(row.get("pending", Long.class), row.get("age", Number.class).longValue()))
                .one()
                .doOnNext(this::show)
                .then();
    }

    private record Backlog(long pending, long oldestAgeMillis) {
    }

    private void show(Backlog backlog) {
        pending.set(backlog.pending());
        oldestAgeMillis.set(Math.max(0, backlog.oldestAgeMillis()));
    }

    @Override
    public void start() {
        polling = Polling.every(interval, this::measure,
                failure -> log.debug("Outbox backlog not measured this time: {}", failure.toString()));
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
