package io.dropline.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Idempotency keys ({@code dropline.gateway.idempotency.*}, docs/adr/0019-idempotency-keys.md).
 *
 * @param enabled          false ignores the {@code Idempotency-Key} header altogether
 * @param ttl              how long a completed answer is replayed (and a key stays bound to its request)
 * @param lease            how long an in-flight claim holds without renewal: the holder renews it every third of
 *                         this while the request runs, so it only bounds how long a key stays blocked (409) after
 *                         the gateway holding it died
 * @param maxRequestBody   the largest body of a request with a key (it is read whole to be hashed); larger → 413.
 *                         The services' own limit (1 MB), so nothing they would accept is refused here
 * @param maxResponseBody  the largest answer stored for replay; a larger one is recorded as completed without its
 *                         body, and a retry is told so (409) rather than executed again
 * @param sweepInterval    how often each replica deletes expired keys (replica-safe: SKIP LOCKED batches)
 * @param sweepBatch       rows one sweep statement deletes
 */
@ConfigurationProperties("dropline.gateway.idempotency")
public record IdempotencyProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("10s") Duration lease,
        @DefaultValue("1MB") DataSize maxRequestBody,
        @DefaultValue("1MB") DataSize maxResponseBody,
        @DefaultValue("5m") Duration sweepInterval,
        @DefaultValue("1000") int sweepBatch) {

    public IdempotencyProperties {
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("dropline.gateway.idempotency.lease must be at least 1s");
        }
        if (ttl.compareTo(lease) <= 0) {
            throw new IllegalArgumentException("dropline.gateway.idempotency.ttl must be longer than the lease");
        }
        if (sweepBatch < 1) {
            throw new IllegalArgumentException("dropline.gateway.idempotency.sweep-batch must be positive");
        }
    }

    /** How often an in-flight claim is renewed: a third of the lease, so two renewals may fail before it lapses. */
    public Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
