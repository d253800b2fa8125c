package io.dropline.experiences.commerce;

import io.dropline.contracts.client.InternalClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How experiences-service reaches commerce-service for the products an experience sells (the consumer view of an
 * experience). The circuit breaker {@code commerce} is configured under
 * {@code resilience4j.circuitbreaker.instances.commerce}.
 *
 * @param baseUrl         commerce-service's address (inside the mesh, not through the gateway)
 * @param connectTimeout  longest wait for a TCP connection
 * @param responseTimeout longest wait for the answer once the request is sent (per attempt)
 * @param retryBackoff    pause before the single retry of a failed read; jittered
 * @param deadline        longest the whole read may take, retry included: past it the view answers without products
 * @param cacheTtl        how long an experience's products are reused before commerce-service is asked again
 */
@ConfigurationProperties("dropline.experiences.commerce")
public record CommerceProperties(
        @DefaultValue("http://127.0.0.1:8084") String baseUrl,
        @DefaultValue("300ms") Duration connectTimeout,
        @DefaultValue("500ms") Duration responseTimeout,
        @DefaultValue("50ms") Duration retryBackoff,
        @DefaultValue("800ms") Duration deadline,
        @DefaultValue("5s") Duration cacheTtl) implements InternalClient.Settings {
}
