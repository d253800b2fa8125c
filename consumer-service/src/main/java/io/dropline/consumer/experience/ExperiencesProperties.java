package io.dropline.consumer.experience;

import io.dropline.contracts.client.InternalClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How consumer-service reaches experiences-service for a consumer's active participations ({@code /consumers/me}).
 * The circuit breaker {@code experiences} is configured under {@code resilience4j.circuitbreaker.instances.experiences}.
 *
 * @param baseUrl         experiences-service's address (inside the mesh, not through the gateway)
 * @param connectTimeout  longest wait for a TCP connection
 * @param responseTimeout longest wait for the answer once the request is sent (per attempt)
 * @param retryBackoff    pause before the single retry of a failed (idempotent) read; jittered
 * @param deadline        longest the whole read may take, retry included: past it {@code /consumers/me} answers
 *                        without participations rather than keep the consumer waiting
 */
@ConfigurationProperties("dropline.consumer.experiences")
public record ExperiencesProperties(
        @DefaultValue("http://127.0.0.1:8081") String baseUrl,
        @DefaultValue("300ms") Duration connectTimeout,
        @DefaultValue("1s") Duration responseTimeout,
        @DefaultValue("50ms") Duration retryBackoff,
        @DefaultValue("1200ms") Duration deadline) implements InternalClient.Settings {
}
