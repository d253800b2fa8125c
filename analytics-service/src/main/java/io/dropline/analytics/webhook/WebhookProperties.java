package io.dropline.analytics.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings (reference §10.2; docs/webhooks.md).
 *
 * @param allowPrivateHosts       lets http and loopback/private receivers through the SSRF guard: tests and local
 *                                development only, never production
 * @param timeout                 success is a 2xx within this long (connect included)
 * @param maxResponseBytes        how much of a receiver's answer is read (it is discarded)
 * @param schedule                when each attempt is due after the previous one: 8 attempts, the first immediate
 * @param pollInterval            how often a runner looks for due attempts
 * @param batchSize               due attempts one runner looks at per poll
 * @param lease                   how long a claimed attempt is this runner's; longer than {@code timeout}, so a live
 *                                attempt is never claimed again, and a dead runner's attempts are due again after it
 * @param maxInFlight             attempts in flight at once in this process
 * @param maxInFlightPerEndpoint  attempts in flight at once to one endpoint, so a slow receiver holds only its slots
 * @param secretOverlap           after a rotation the previous secret also signs for this long
 * @param disableAfterFailures    consecutive failed attempts that, lasting at least {@code disableAfterPeriod},
 *                                disable an endpoint
 * @param disableAfterPeriod      see above
 * @param runnerEnabled           whether this process runs deliveries
 * @param statsInterval           how often the backlog is measured for the {@code dropline.webhook.deliveries.*} gauges
 */
@ConfigurationProperties("dropline.webhooks")
public record WebhookProperties(
        @DefaultValue("false") boolean allowPrivateHosts,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("65536") int maxResponseBytes,
        @DefaultValue({"0s", "1m", "5m", "30m", "2h", "6h", "12h", "24h"}) List<Duration> schedule,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("90s") Duration lease,
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("4") int maxInFlightPerEndpoint,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue("100") int disableAfterFailures,
        @DefaultValue("7d") Duration disableAfterPeriod,
        @DefaultValue("true") boolean runnerEnabled,
        @DefaultValue("15s") Duration statsInterval) {

    public int attempts() {
        return schedule.size();
    }
}
