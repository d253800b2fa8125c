package io.dropline.gateway.ratelimit;

import io.lettuce.core.RedisCommandTimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What an operator needs to see of the limiter's fallback (docs/observability.md, "Metrics"): each switch from the
 * shared Redis buckets to this replica's own ({@code dropline.ratelimit.fallbacks}, by {@code reason} timeout or error),
 * whether this replica answers locally now ({@code dropline.ratelimit.local}), and how many requests it charged locally
 * ({@code dropline.ratelimit.local.decisions}); and, beside the fallback, how many requests were decided from tokens
 * leased earlier without a Redis call ({@code dropline.ratelimit.leased.decisions}, {@link TokenLeases}). Built once;
 * a request only increments a counter it already holds.
 */
final class FallbackMeters {

    private final Counter timeouts;
    private final Counter errors;
    private final Counter localDecisions;
    private final Counter leasedDecisions;
    private final MeterRegistry registry;

    FallbackMeters(MeterRegistry registry) {
        this.registry = registry;
        this.timeouts = fallbacks(registry, "timeout");
        this.errors = fallbacks(registry, "error");
        this.localDecisions = Counter.builder("dropline.ratelimit.local.decisions")
                .description("Requests this replica rate-limited from its own buckets (Redis skipped or failed)")
                .register(registry);
        this.leasedDecisions = Counter.builder("dropline.ratelimit.leased.decisions")
                .description("Requests this replica rate-limited from tokens it leased earlier from the shared buckets")
                .register(registry);
    }

    /** The switch whose state {@code dropline.ratelimit.local} shows. */
    void watch(BooleanSupplier redisHealthy) {
        Gauge.builder("dropline.ratelimit.local", () -> redisHealthy.getAsBoolean() ? 0 : 1)
                .description("1 while this replica answers rate limits from its own buckets (limits are per replica meanwhile)")
                .register(registry);
    }

    private static Counter fallbacks(MeterRegistry registry, String reason) {
        return Counter.builder("dropline.ratelimit.fallbacks")
                .description("Switches from the shared Redis buckets to this replica's own buckets")
                .tag("reason", reason)
                .register(registry);
    }

    void fellBack(Throwable cause) {
        (cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException ? timeouts : errors).increment();
    }

    void decidedLocally() {
        localDecisions.increment();
    }

    void decidedFromLease() {
        leasedDecisions.increment();
    }
}
