package io.dropline.gateway.ratelimit;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Charges one request against its buckets: in Redis when it answers within the timeout, otherwise in the local
 * buckets, so the answer always comes within about {@code redisTimeout} ({@link RedisTokenBuckets} bounds each call).
 */
class RateLimiter {

    private final RedisTokenBuckets redis;
    private final LocalTokenBuckets local;
    private final RedisSwitch redisSwitch;
    private final FallbackMeters meters;

    RateLimiter(RedisTokenBuckets redis, LocalTokenBuckets local, RedisSwitch redisSwitch, FallbackMeters meters) {
        this.redis = redis;
        this.local = local;
        this.redisSwitch = redisSwitch;
        this.meters = meters;
    }

    Mono<Decision> take(List<Bucket> buckets) {
        if (!redisSwitch.tryRedis()) {
            return Mono.fromSupplier(() -> takeLocally(buckets));
        }
        return redis.take(buckets)
                .doOnNext(decision -> redisSwitch.succeeded())
                .doOnCancel(redisSwitch::abandoned)
                .onErrorResume(failure -> {
                    redisSwitch.failed(failure);
                    return Mono.fromSupplier(() -> takeLocally(buckets));
                });
    }

    private Decision takeLocally(List<Bucket> buckets) {
        meters.decidedLocally();
        return local.take(buckets);
    }
}
