package io.dropline.analytics.webhook;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The webhook settings, this process's delivery runner (off with {@code dropline.webhooks.runner-enabled=false}) and the
 * backlog gauges.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfig {

    @Bean
    @ConditionalOnProperty(name = "dropline.webhooks.runner-enabled", havingValue = "true", matchIfMissing = true)
    DeliveryRunner deliveryRunner(DeliveryRepository deliveries, DeliverySender sender, WebhookProperties properties, Clock clock) {
        return new DeliveryRunner(deliveries, sender, properties, clock);
    }

    /** The backlog gauges, whether or not this process runs deliveries. */
    @Bean
    WebhookBacklog webhookBacklog(DatabaseClient db, WebhookProperties properties, Clock clock) {
        return new WebhookBacklog(db, clock, properties.statsInterval());
    }
}
