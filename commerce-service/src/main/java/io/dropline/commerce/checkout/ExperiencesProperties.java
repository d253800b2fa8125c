package io.dropline.commerce.checkout;

import io.dropline.contracts.client.InternalClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * experiences-service as the checkout hand-off reaches it ({@code dropline.commerce.experiences.*}): the grant keys
 * (JWKS) and the grant's completion.
 *
 * @param jwksCacheTtl        how long fetched keys are trusted before they are fetched again
 * @param jwksRefetchInterval the least time between two fetches triggered by an unknown key id (a rotation)
 */
@ConfigurationProperties(prefix = "dropline.commerce.experiences")
record ExperiencesProperties(String baseUrl, Duration connectTimeout, Duration responseTimeout, Duration retryBackoff,
        Duration deadline, Duration jwksCacheTtl, Duration jwksRefetchInterval) implements InternalClient.Settings {

    ExperiencesProperties {
        baseUrl = baseUrl == null ? "http://127.0.0.1:8081" : baseUrl;
        connectTimeout = connectTimeout == null ? Duration.ofMillis(300) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(2) : responseTimeout;
        retryBackoff = retryBackoff == null ? Duration.ofMillis(50) : retryBackoff;
        deadline = deadline == null ? Duration.ofSeconds(4) : deadline;
        jwksCacheTtl = jwksCacheTtl == null ? Duration.ofMinutes(10) : jwksCacheTtl;
        jwksRefetchInterval = jwksRefetchInterval == null ? Duration.ofSeconds(30) : jwksRefetchInterval;
    }
}
