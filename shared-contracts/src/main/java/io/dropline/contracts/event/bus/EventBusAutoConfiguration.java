package io.dropline.contracts.event.bus;

import io.dropline.contracts.id.Ids;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The event bus every service gets the same way (architecture.md, "Events"): an {@link Outbox} to append to in the
 * writing transaction, an {@link OutboxRelay} that publishes it to the Redis Stream (services with an outbox table
 * set {@code dropline.events.relay.enabled=true}), and an {@link EventStreamConsumer} for the service's
 * {@link EventSubscription} beans. Domain code sees only {@code Outbox} and {@code EventSubscription}, so another
 * transport (Kafka) could replace the Redis Stream here without touching it.
 *
 * <p>Ordered after the data auto-configurations, so the beans it needs exist when its conditions are evaluated.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration"})
@ConditionalOnClass({DatabaseClient.class, ReactiveStringRedisTemplate.class})
@EnableConfigurationProperties(EventBusProperties.class)
public class EventBusAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DatabaseClient.class)
    Outbox outbox(DatabaseClient db) {
        return new Outbox(db);
    }

    @Bean
    @ConditionalOnProperty(prefix = "dropline.events.relay", name = "enabled", havingValue = "true")
    OutboxRelay outboxRelay(DatabaseClient db, ReactiveTransactionManager transactions,
            ReactiveStringRedisTemplate redis, EventBusProperties properties,
            @Value("${dropline.redis.namespace:dl}") String namespace) {
        return new OutboxRelay(db, TransactionalOperator.create(transactions), redis, stream(properties, namespace),
                properties);
    }

    /** The relay's backlog as gauges, where Micrometer is present (every service, through its actuator). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnProperty(prefix = "dropline.events.relay", name = "enabled", havingValue = "true")
    static class OutboxLagConfiguration {

        @Bean
        OutboxLag outboxLag(DatabaseClient db, EventBusProperties properties) {
            return new OutboxLag(db, properties.relay().statsInterval());
        }
    }

    @Bean
    @ConditionalOnProperty(prefix = "dropline.events.consumer", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnBean(EventSubscription.class)
    EventStreamConsumer eventStreamConsumer(ReactiveStringRedisTemplate redis, EventBusProperties properties,
            ObjectProvider<EventSubscription> subscriptions,
            @Value("${dropline.redis.namespace:dl}") String namespace,
            @Value("${dropline.service.name:${spring.application.name:service}}") String serviceName) {
        String group = properties.consumer().group() != null ? properties.consumer().group() : serviceName;
        // Unique per process: a replica that dies leaves its pending entries to be claimed by the others.
        String consumerName = serviceName + "-" + Ids.newUuid();
        List<EventSubscription> all = subscriptions.orderedStream().toList();
        return new EventStreamConsumer(redis, stream(properties, namespace), group, consumerName, all,
                properties.consumer());
    }

    static String stream(EventBusProperties properties, String namespace) {
        return properties.stream() != null ? properties.stream() : namespace + ":events";
    }
}
