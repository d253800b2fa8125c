package io.dropline.analytics.store;

import io.dropline.contracts.event.bus.EventSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** analytics-service keeps every domain event: one subscription to all types, present and
 * future, handed each read of the stream as one batch. */
@Configuration(proxyBeanMethods = false)
class StoreEvents {

    static final String SUBSCRIPTION = "analytics-event-store";

    @Bean
    EventSubscription eventStoreSubscription(EventStore store) {
        // Batched: one transaction per read of the stream instead of one per event (ADR 0013).
        return EventSubscription.batched(SUBSCRIPTION, java.util.Set.of(EventSubscription.ALL_TYPES),
                events -> store.keepAll(events).then());
    }
}
