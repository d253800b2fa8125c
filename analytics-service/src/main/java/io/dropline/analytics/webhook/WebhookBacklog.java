package io.dropline.analytics.webhook;

import io.dropline.contracts.timer.Polling;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The webhook backlog as gauges (docs/observability.md, "Metrics"): {@code dropline.webhook.deliveries.pending}
 * (deliveries not yet settled, whether due now or waiting for a later retry), {@code dropline.webhook.deliveries.due}
 * (pending and due now: what the runners have not caught up with) and {@code dropline.webhook.deliveries.oldest.due.age}
 * (seconds the longest-due one has waited). One aggregate query on the partial index {@code webhook_deliveries_due}
 * every {@code dropline.webhooks.stats-interval} (15 s); a scrape reads its last answer. No tag: never an endpoint or
 * organization id. Every replica reports the same table: read them with {@code max}.
 */
class WebhookBacklog implements MeterBinder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookBacklog.class);

    private final DatabaseClient db;
    private final Clock clock;
    private final Duration interval;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong oldestDueMillis = new AtomicLong();
    private volatile Disposable polling;

    WebhookBacklog(DatabaseClient db, Clock clock, Duration interval) {
        this.db = db;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("dropline.webhook.deliveries.pending", pending, AtomicLong::get)
                .description("Webhook deliveries not yet settled (due now or waiting for a retry)")
                .register(registry);
        Gauge.builder("dropline.webhook.deliveries.due", due, AtomicLong::get)
                .description("Webhook deliveries due now and not yet attempted")
                .register(registry);
        Gauge.builder("dropline.webhook.deliveries.oldest.due.age", oldestDueMillis, millis -> millis.get() / 1000.0)
                .description("How long the longest-due webhook delivery has waited for its attempt (0 when none)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Reads the backlog once; the gauges show it until the next read. */
    Mono<Void> measure() {
        // "Due" by the runners' clock (DeliveryRunner claims with it), not the database's.
        return db.sql("SELECT count(*) AS pending, count(*) FILTER (WHERE next_attempt_at <= :now) AS due, "
                        + "COALESCE(EXTRACT(EPOCH FROM :now - min(next_attempt_at) FILTER (WHERE next_attempt_at <= :now)) * 1000, 0) AS age "
                        + "FROM webhook_deliveries WHERE status = 'pending'")
                .bind("now", clock.instant())
                .map(row -> new Backlog(row.get("pending", Long.class), row.get("due", Long.class), row.get("age", Number.class).longValue()))
                .one()
                .doOnNext(this::show)
                .then();
    }

    private record Backlog(long pending, long due, long oldestDueMillis) {
    }

    private void show(Backlog backlog) {
        pending.set(backlog.pending());
        due.set(backlog.due());
        oldestDueMillis.set(Math.max(0, backlog.oldestDueMillis()));
    }

    @Override
    public void start() {
        polling = Polling.every(interval, this::measure,
                failure -> log.debug("Webhook backlog not measured this time: {}", failure.toString()));
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
