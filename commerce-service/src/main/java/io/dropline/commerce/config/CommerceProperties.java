package io.dropline.commerce.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * commerce-service's own settings ({@code dropline.commerce.*}).
 *
 * @param sweepInterval    how often each replica looks for expired reservations
 * @param sweepBatch       at most this many reservations per sweep pass
 * @param syncInterval     how often each replica looks for due feed fetches
 * @param syncLease        how long a replica holds a feed's fetch lease (longer than the fetch's own time bound)
 */
@ConfigurationProperties(prefix = "dropline.commerce")
public record CommerceProperties(Duration sweepInterval, Integer sweepBatch, Duration syncInterval, Duration syncLease) {

    public CommerceProperties {
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(1) : sweepInterval;
        sweepBatch = sweepBatch == null ? 500 : sweepBatch;
        syncInterval = syncInterval == null ? Duration.ofSeconds(5) : syncInterval;
        syncLease = syncLease == null ? Duration.ofSeconds(60) : syncLease;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommerceProperties.class)
    static class Binding {
    }
}
