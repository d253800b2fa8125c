package io.dropline.gateway.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code dropline.gateway.*}).
 *
 * @param services         base URL of each downstream service by name (experiences, audience, consumer, commerce,
 *                         analytics), {@code scheme://host:port}; a comma-separated list names several instances of
 *                         one service, which the gateway balances (docs/adr/0022-balancing-across-instances.md). In
 *                         Kubernetes each is the one URL of the service's Service.
 * @param keyCacheTtl      how long an API key look-up (found or not found) is cached; also the bound within which a
 *                         revoked key stops working
 * @param lastUsedInterval a key's {@code last_used_at} is written at most once per this interval
 * @param trustedProxies   regex of proxy addresses whose {@code X-Forwarded-For} is believed; empty trusts none, so
 *                         the client address is the TCP peer
 * @param breaker          circuit breaker, bulkhead and read timeout applied to every downstream route
 * @param balancing        how the gateway spreads calls over a service's instances and steps around a dead one
 */
@ConfigurationProperties("dropline.gateway")
public record GatewayProperties(
        Map<String, String> services,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("60s") Duration lastUsedInterval,
        @DefaultValue("") String trustedProxies,
        @DefaultValue Breaker breaker,
        @DefaultValue Balancing balancing) {

    /**
     * Balancing across the instances of one service (round robin, Spring Cloud LoadBalancer).
     *
     * @param quarantine     an instance that refused a connection is left out of the rotation this long (unless every
     *                       instance of the service is); the next call after it tries the instance again
     * @param connectAttempts most instances one call is offered to when connections are refused (never more than the
     *                       service has); a refused connection never carried the request, so this holds for every
     *                       method, POST included
     */
    public record Balancing(
            @DefaultValue("2s") Duration quarantine,
            @DefaultValue("3") int connectAttempts) {
    }

    /**
     * Resilience4j settings of each downstream's breaker, set explicitly rather than left to library defaults.
     *
     * @param slidingWindowSize       calls in the count-based window
     * @param minimumNumberOfCalls    calls before the failure rate is evaluated
     * @param failureRateThreshold    percentage of failed calls that opens the breaker
     * @param waitDurationInOpenState how long an open breaker rejects calls before letting trial calls through
     * @param readTimeout             outer bound on the silence between two reads of a routed answer (every route,
     *                                streams included, whose heartbeats come every 15 s): a service that sent its
     *                                headers and then stalls is cut after it. The per-route response timeout (5 s)
     *                                bounds the wait for the headers.
     */
    public record Breaker(
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("5s") Duration waitDurationInOpenState,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue("2000") int maxConcurrentCalls) {
    }
}
