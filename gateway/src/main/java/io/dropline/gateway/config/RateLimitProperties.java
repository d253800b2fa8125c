package io.dropline.gateway.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits ({@code dropline.gateway.rate-limit.*}). Organizations may override any category in their
 * {@code rate_limits} column.
 *
 * @param enabled              switch for the whole limiter (benchmarks of the raw proxy turn it off)
 * @param redisHost            Redis the token buckets live in (defaults to {@code spring.data.redis.host})
 * @param redisPort            its port
 * @param redisTimeout         how long one bucket call may take before the local fallback answers
 * @param skipRedisAfterFailure after a failed or slow call, Redis is not asked again for this long
 * @param leaseShare           the share of a bucket's capacity one Redis call may lease to this replica ahead of use
 *                             (docs/adr/0030-leased-rate-limit-tokens.md); 0 asks Redis on every request
 * @param leaseRefill          one call leases at most what the bucket refills in this time
 * @param categories           default limit of each category (read, write, batch, analytics, auth, otp, queue_entry,
 *                             draw_entry, bids, status, consumer_read, sdk, consumer_ceiling)
 */
@ConfigurationProperties("dropline.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1") String redisHost,
        @DefaultValue("6379") int redisPort,
        @DefaultValue("50ms") Duration redisTimeout,
        @DefaultValue("1s") Duration skipRedisAfterFailure,
        @DefaultValue("0.05") double leaseShare,
        @DefaultValue("1s") Duration leaseRefill,
        Map<String, Limit> categories) {

    public RateLimitProperties {
        if (leaseShare < 0 || leaseShare > 0.5) {
            throw new IllegalArgumentException("dropline.gateway.rate-limit.lease-share must be between 0 and 0.5");
        }
        categories = categories == null ? Map.of() : Map.copyOf(categories);
    }

    /**
     * One category's limit.
     *
     * @param perMinute sustained rate; also the bucket's capacity when no burst is given
     * @param burst     bucket capacity, when smaller than the per-minute figure
     */
    public record Limit(int perMinute, Integer burst) {

        public int capacity() {
            return burst == null ? perMinute : burst;
        }
    }
}
