package io.dropline.analytics.store;

import io.dropline.contracts.event.bus.EventSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** analytics-service keeps every domain event: one subscription to all types, present and future. */
@Configuration(proxyBeanMethods = false)
class StoreEvents {

    static final String SUBSCRIPTION = "analytics-event-store";

    @Bean
    EventSubscription eventStoreSubscription(EventStore store) {
        return EventSubscription.all(SUBSCRIPTION, event -> store.keep(event).then());
    }
}
