package io.dropline.analytics.live;

import io.dropline.contracts.client.InternalClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the live metrics come from ({@code GET /internal/metrics} of each owning service) and how long each may take.
 * Each source has its own breaker ({@code resilience4j.circuitbreaker.instances.metrics-<source>}) and its own bound
 * on calls in flight, so one slow service costs a query at most its {@code deadline} and never the others' answers.
 */
@ConfigurationProperties("dropline.analytics.live")
public record LiveSourcesProperties(Source experiences, Source commerce) {

    /**
     * @param maxConcurrentCalls calls to this source in flight at once, over all queries; one more is answered at
     *                           once as {@code busy} rather than queued
     */
    public record Source(String baseUrl, Duration connectTimeout, Duration responseTimeout, Duration retryBackoff,
            Duration deadline, int maxConcurrentCalls) implements InternalClient.Settings {
    }
}
