package io.dropline.analytics.webhook;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.timer.Polling;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs due webhook deliveries. Each poll claims what is due (a lease in PostgreSQL, {@code FOR UPDATE SKIP LOCKED}:
 * any number of replicas run this, and one attempt is made by one runner) and starts the attempts without waiting
 * for them, so a slow receiver holds only its own slots: at most {@code maxInFlight} attempts in this process and
 * {@code maxInFlightPerEndpoint} per endpoint; the next poll claims only what the free slots allow.
 */
class DeliveryRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRunner.class);

    private final DeliveryRepository deliveries;
    private final DeliverySender sender;
    private final WebhookProperties properties;
    private final Clock clock;
    private final String runnerId;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, Integer> perEndpoint = new ConcurrentHashMap<>();
    private volatile Disposable polling;

    DeliveryRunner(DeliveryRepository deliveries, DeliverySender sender, WebhookProperties properties, Clock clock) {
        this(deliveries, sender, properties, clock, "runner-" + Ids.newUuid());
    }

    DeliveryRunner(DeliveryRepository deliveries, DeliverySender sender, WebhookProperties properties, Clock clock, String runnerId) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
        this.runnerId = runnerId;
    }

    String runnerId() {
        return runnerId;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** One poll: claims what the free slots allow and starts those attempts; the number started. */
    Mono<Integer> pass() {
        int free = properties.maxInFlight() - inFlight.get();
        if (free <= 0) {
            return Mono.just(0);
        }
        return deliveries.claim(runnerId, clock.instant(), properties.lease(), Math.min(free, properties.batchSize()),
                        Map.copyOf(perEndpoint), properties.maxInFlightPerEndpoint())
                .map(claimed -> {
                    claimed.forEach(this::start);
                    return claimed.size();
                })
                .name("analytics.webhook.claim");
    }

    private void start(Delivery delivery) {
        inFlight.incrementAndGet();
        perEndpoint.merge(delivery.endpointId(), 1, Integer::sum);
        // Not awaited by the poll: the attempt runs on its own and frees its slots when its outcome is recorded.
        sender.attempt(delivery, runnerId)
                .doFinally(signal -> {
                    inFlight.decrementAndGet();
                    perEndpoint.computeIfPresent(delivery.endpointId(), (id, count) -> count <= 1 ? null : count - 1);
                })
                .subscribe(null, failure -> log.warn("Webhook attempt {} ended with {}", delivery.id(), failure.toString()));
    }

    @Override
    public void start() {
        polling = Polling.every(properties.pollInterval(), this::pass,
                failure -> log.warn("Webhook delivery poll failed; retrying: {}", failure.toString()));
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
