package io.dropline.gateway.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code dropline.gateway.*}).
 *
 * @param services         base URL of each downstream service by name (experiences, audience, consumer, commerce,
 *                         analytics); the routes in application.yml read them
 * @param keyCacheTtl      how long an API key look-up (found or not found) is cached; also the bound within which a
 *                         revoked key stops working
 * @param lastUsedInterval a key's {@code last_used_at} is written at most once per this interval
 * @param trustedProxies   regex of proxy addresses whose {@code X-Forwarded-For} is believed; empty trusts none, so
 *                         the client address is the TCP peer
 * @param breaker          circuit breaker and time limit applied to every downstream route
 */
@ConfigurationProperties("dropline.gateway")
public record GatewayProperties(
        Map<String, String> services,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("60s") Duration lastUsedInterval,
        @DefaultValue("") String trustedProxies,
        @DefaultValue Breaker breaker) {

    /**
     * Resilience4j settings of each downstream's breaker, set explicitly rather than left to library defaults.
     *
     * @param slidingWindowSize       calls in the count-based window
     * @param minimumNumberOfCalls    calls before the failure rate is evaluated
     * @param failureRateThreshold    percentage of failed calls that opens the breaker
     * @param waitDurationInOpenState how long an open breaker rejects calls before letting trial calls through
     * @param timeLimit               outer bound on one routed call; the per-route response timeout (5 s) normally
     *                                fires first, this only guards streams that set a longer one
     */
    public record Breaker(
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("5s") Duration waitDurationInOpenState,
            @DefaultValue("30s") Duration timeLimit,
            @DefaultValue("2000") int maxConcurrentCalls) {
    }
}
