package io.dropline.gateway.ratelimit;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Charges one request against its buckets: from tokens this replica leased earlier when every bucket has one
 * ({@link TokenLeases}), otherwise in Redis when it answers within the timeout, otherwise in the local buckets, so the
 * answer always comes within about {@code redisTimeout} ({@link RedisTokenBuckets} bounds each call).
 */
class RateLimiter {

    private final RedisTokenBuckets redis;
    private final TokenLeases leases;
    private final LocalTokenBuckets local;
    private final RedisSwitch redisSwitch;
    private final FallbackMeters meters;

    RateLimiter(RedisTokenBuckets redis, TokenLeases leases, LocalTokenBuckets local, RedisSwitch redisSwitch,
            FallbackMeters meters) {
        this.redis = redis;
        this.leases = leases;
        this.local = local;
        this.redisSwitch = redisSwitch;
        this.meters = meters;
    }

    Mono<Decision> take(List<Bucket> buckets) {
        TokenLeases.Reservation reservation = leases.reserve(buckets);
        if (reservation.complete()) {
            meters.decidedFromLease();
            return Mono.just(reservation.decision());
        }
        // Asked only now, so that a request decided from leases never becomes the half-open switch's trial call.
        if (!redisSwitch.tryRedis()) {
            reservation.release();
            return Mono.fromSupplier(() -> takeLocally(buckets));
        }
        List<Bucket> asked = reservation.asked();
        return redis.take(asked, reservation.needed())
                .map(raw -> reservation.settle(asked, raw))
                .doOnNext(decision -> redisSwitch.succeeded())
                .doOnCancel(() -> {
                    redisSwitch.abandoned();
                    reservation.release();
                })
                .onErrorResume(failure -> {
                    redisSwitch.failed(failure);
                    reservation.release();
                    return Mono.fromSupplier(() -> takeLocally(buckets));
                });
    }

    private Decision takeLocally(List<Bucket> buckets) {
        meters.decidedLocally();
        return local.take(buckets);
    }
}
