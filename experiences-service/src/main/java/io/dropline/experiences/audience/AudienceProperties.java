package io.dropline.experiences.audience;

import io.dropline.contracts.client.InternalClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How experiences-service reaches audience-service for membership checks during routing. The circuit breaker
 * {@code audience} is configured under {@code resilience4j.circuitbreaker.instances.audience}.
 *
 * @param baseUrl         audience-service's address (inside the mesh, not through the gateway)
 * @param connectTimeout  longest wait for a TCP connection
 * @param responseTimeout longest wait for the answer once the request is sent
 * @param retryBackoff    pause before the single retry of a failed (idempotent) membership read; jittered
 */
@ConfigurationProperties("dropline.experiences.audience")
public record AudienceProperties(
        @DefaultValue("http://127.0.0.1:8082") String baseUrl,
        @DefaultValue("300ms") Duration connectTimeout,
        @DefaultValue("1s") Duration responseTimeout,
        @DefaultValue("50ms") Duration retryBackoff) implements InternalClient.Settings {
}
