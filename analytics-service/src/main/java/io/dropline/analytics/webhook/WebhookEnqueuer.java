package io.dropline.analytics.webhook;

import io.dropline.analytics.store.StoredEvent;
import io.dropline.analytics.store.StoredEventListener;
import java.time.Clock;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each stored event becomes one pending delivery per subscribed, enabled endpoint of its tenant and environment, in
 * the transaction that stores the event: exactly once per (endpoint, event), and nothing is lost between storing an
 * event and scheduling its deliveries.
 */
@Component
class WebhookEnqueuer implements StoredEventListener {

    private final DeliveryRepository deliveries;
    private final Clock clock;

    WebhookEnqueuer(DeliveryRepository deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    public Mono<Void> stored(StoredEvent event) {
        String payload = WebhookPayloads.body(event.id(), event.type(), event.occurredAt(), event.organizationId(), event.data());
        return deliveries.enqueueForEvent(event.organizationId(), event.environment(), event.id(), event.type(),
                event.occurredAt(), payload, clock.instant()).then();
    }

    /** A batch's deliveries in one statement. */
    @Override
    public Mono<Void> storedAll(java.util.List<StoredEvent> events) {
        return deliveries.enqueueForEvents(events, event -> WebhookPayloads.body(event.id(), event.type(), event.occurredAt(),
                event.organizationId(), event.data()), clock.instant()).then();
    }
}
