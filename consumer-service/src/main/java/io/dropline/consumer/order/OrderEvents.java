package io.dropline.consumer.order;

import io.dropline.contracts.event.bus.EventSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** consumer-service's interest in commerce-service's order events: the consumer aggregates. */
@Configuration(proxyBeanMethods = false)
class OrderEvents {

    static final String SUBSCRIPTION = "consumer-order-aggregates";

    @Bean
    EventSubscription orderAggregatesSubscription(OrderAggregates aggregates) {
        return new EventSubscription(SUBSCRIPTION, OrderAggregates.TYPES, aggregates::apply);
    }
}
