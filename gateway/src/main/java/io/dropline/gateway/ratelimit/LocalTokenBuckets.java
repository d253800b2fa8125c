package io.dropline.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The fallback when Redis is slow or down: the same buckets with the same parameters, kept in this process. With
 * several replicas each one limits on its own, so a tenant may briefly get up to replicas × its limit; that is the
 * price of never stalling a request on Redis.
 */
class LocalTokenBuckets {

    private static final class State {
        double tokens;
        long micros;

        State(double tokens, long micros) {
            this.tokens = tokens;
            this.micros = micros;
        }
    }

    private final Cache<String, State> states = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(200_000)
            .build();
    private final Clock clock;

    LocalTokenBuckets(Clock clock) {
        this.clock = clock;
    }

    Decision take(List<Bucket> buckets) {
        long now = nowMicros();
        List<State> held = buckets.stream().map(bucket -> states.get(bucket.key(), key -> new State(bucket.capacity(), now))).toList();
        // One lock for the whole multi-bucket check keeps "all buckets pay or none does" atomic; it is held for
        // a few arithmetic operations only.
        synchronized (this) {
            boolean allowed = true;
            double[] levels = new double[buckets.size()];
            for (int i = 0; i < buckets.size(); i++) {
                Bucket bucket = buckets.get(i);
                State state = held.get(i);
                long elapsed = Math.max(0, now - state.micros);
                levels[i] = Math.min(bucket.capacity(), state.tokens + elapsed * bucket.ratePerSecond() / 1_000_000);
                allowed &= levels[i] >= 1;
            }
            long[] raw = new long[2 + 3 * buckets.size()];
            raw[0] = allowed ? 1 : 0;
            raw[1] = now / 1_000_000;
            for (int i = 0; i < buckets.size(); i++) {
                Bucket bucket = buckets.get(i);
                double level = allowed ? levels[i] - 1 : levels[i];
                held.get(i).tokens = level;
                held.get(i).micros = now;
                raw[2 + 3 * i] = (long) Math.floor(level);
                raw[2 + 3 * i + 1] = (long) Math.ceil((bucket.capacity() - level) / bucket.ratePerSecond() * 1000);
                raw[2 + 3 * i + 2] = level < 1 ? (long) Math.ceil((1 - level) / bucket.ratePerSecond() * 1000) : 0;
            }
            return Decision.from(buckets, raw);
        }
    }

    private long nowMicros() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
