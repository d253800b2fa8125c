package io.dropline.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the next limiter call may ask Redis. After a failure Redis is skipped for a while (open); then
 * exactly one call tries it (half-open) while the others keep using the local buckets; its success closes the
 * switch. Logs and counts ({@link FallbackMeters}) once per transition, never per request.
 */
class RedisSwitch {

    private static final Logger log = LoggerFactory.getLogger(RedisSwitch.class);

    private final Clock clock;
    private final long skipMillis;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicLong retryAt = new AtomicLong();
    private final AtomicBoolean trialInFlight = new AtomicBoolean();
    private final FallbackMeters meters;

    RedisSwitch(Clock clock, Duration skipAfterFailure, FallbackMeters meters) {
        this.clock = clock;
        this.skipMillis = skipAfterFailure.toMillis();
        this.meters = meters;
    }

    /** True when this call may use Redis; a true answer in the open state makes this call the trial. */
    boolean tryRedis() {
        if (healthy.get()) {
            return true;
        }
        return clock.millis() >= retryAt.get() && trialInFlight.compareAndSet(false, true);
    }

    void succeeded() {
        trialInFlight.set(false);
        if (healthy.compareAndSet(false, true)) {
            log.warn("Redis answers again: rate limits are shared across replicas once more");
        }
    }

    void failed(Throwable cause) {
        retryAt.set(clock.millis() + skipMillis);
        trialInFlight.set(false);
        if (healthy.compareAndSet(true, false)) {
            meters.fellBack(cause);
            log.warn("Redis rate limiting failed ({}); answering from local buckets and retrying Redis every {} ms",
                    cause.toString(), skipMillis);
        }
    }

    /** The caller went away mid-call: nothing was learned, but the next call may try again. */
    void abandoned() {
        trialInFlight.set(false);
    }

    boolean healthy() {
        return healthy.get();
    }
}
