package io.dropline.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Leased tokens against the real Redis script: replicas that lease from one bucket never admit more together than it
 * gives out, one replica's headers and limits stay exact, and a refused request gives its leased tokens back.
 * Each "replica" is a limiter of its own (its leases, switch and local buckets) over its own Redis connection.
 */
@RequiresInfra
class TokenLeasesIT {

    /** A refill so slow that none arrives during a test: the counts below are exact. */
    private static final int PER_MINUTE = 1;
    /** Leases as large as the share allows: with one token a minute, a day's refill. */
    private static final Duration LONG_REFILL = Duration.ofDays(1);

    private final String namespace = TestInfra.freshRedisNamespace();
    private final List<RedisTokenBuckets> connections = new ArrayList<>();

    private final class Replica {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final TokenLeases leases = new TokenLeases(0.05, LONG_REFILL);
        final RateLimiter limiter;

        Replica() {
            TestInfra.Endpoint redis = TestInfra.redis();
            RedisTokenBuckets buckets = new RedisTokenBuckets(RedisClient.create(), () -> { },
                    RedisURI.create(redis.host(), redis.port()), Duration.ofSeconds(2));
            connections.add(buckets);
            FallbackMeters meters = new FallbackMeters(registry);
            // Redis is never skipped here: a slow call of a cold JVM must not hand the count to the local buckets.
            RedisSwitch redisSwitch = new RedisSwitch(Clock.systemUTC(), Duration.ZERO, meters);
            limiter = new RateLimiter(buckets, leases, new LocalTokenBuckets(Clock.systemUTC()), redisSwitch, meters);
        }

        Decision take(Bucket... buckets) {
            return limiter.take(List.of(buckets)).block(Duration.ofSeconds(5));
        }

        double leased() {
            return registry.counter("dropline.ratelimit.leased.decisions").count();
        }

        double local() {
            return registry.counter("dropline.ratelimit.local.decisions").count();
        }
    }

    @AfterEach
    void close() {
        connections.forEach(RedisTokenBuckets::close);
    }

    private Bucket bucket(String name, int capacity) {
        return new Bucket(namespace + ":rl:{test:live}:" + name, "status", PER_MINUTE, capacity);
    }

    @Test
    void whenTwoReplicasLeaseFromOneBucketThenTogetherTheyAdmitNoMoreThanItGivesOut() {
        Bucket shared = bucket("shared", 2000);
        Replica first = new Replica();
        Replica second = new Replica();
        assertThat(first.leases.extra(shared)).isEqualTo(100);
        AtomicInteger allowed = new AtomicInteger();
        // 3,000 requests for 2,000 tokens, 16 at a time on each replica, the two replicas at once.
        Flux.merge(hammer(first, shared, 1500, allowed), hammer(second, shared, 1500, allowed))
                .blockLast(Duration.ofSeconds(60));

        assertThat(allowed.get()).as("never more than the bucket holds").isLessThanOrEqualTo(2000);
        assertThat(allowed.get()).as("at most one and a half leases per replica left unspent").isGreaterThanOrEqualTo(2000 - 2 * 150);
        assertThat(first.local() + second.local()).as("every decision was Redis's or a lease's").isZero();
        assertThat(first.leased() + second.leased()).as("most requests were decided without Redis")
                .isGreaterThan(0.9 * allowed.get());
    }

    private static Mono<Void> hammer(Replica replica, Bucket bucket, int requests, AtomicInteger allowed) {
        return Flux.range(0, requests)
                .flatMap(i -> replica.limiter.take(List.of(bucket)).subscribeOn(Schedulers.parallel()), 16)
                .filter(Decision::allowed)
                .doOnNext(decision -> allowed.incrementAndGet())
                .then();
    }

    @Test
    void whenOneReplicaLeasesThenItsHeadersCountDownByOneAndItsLimitIsExact() {
        Bucket bucket = bucket("exact", 1000);
        Replica replica = new Replica();
        assertThat(replica.leases.extra(bucket)).isEqualTo(50);
        for (int i = 1; i <= 1000; i++) {
            Decision decision = replica.take(bucket);
            assertThat(decision.allowed()).as("request %d", i).isTrue();
            assertThat(decision.remaining()).as("remaining after request %d", i).isEqualTo(1000 - i);
            assertThat(decision.bucket()).isEqualTo(bucket);
        }
        Decision refused = replica.take(bucket);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterSeconds()).isPositive();
        // A lease is renewed when half of it is left: one Redis call in about every 26 requests, and in each of the
        // last 25 (the shared bucket is dry, the renewals get nothing).
        assertThat(replica.leased()).isGreaterThanOrEqualTo(1000 - 1000 / 25.0 - 25);
    }

    @Test
    void whenAnotherBucketRefusesThenTheLeasedTokenIsGivenBack() {
        Bucket consumer = bucket("consumer", 1000);
        Bucket ceiling = bucket("ceiling", 2);
        Replica replica = new Replica();
        assertThat(replica.leases.extra(ceiling)).as("a small bucket leases nothing").isZero();
        assertThat(replica.take(consumer, ceiling).remaining()).isEqualTo(999);
        assertThat(replica.take(consumer, ceiling).remaining()).as("from the lease").isEqualTo(998);
        assertThat(replica.take(consumer, ceiling).allowed()).as("the ceiling is spent").isFalse();
        assertThat(replica.take(consumer).remaining()).as("the refused request's token came back").isEqualTo(997);
    }

    @Test
    void whenTheLimitChangesThenTokensLeasedUnderTheOldOneAreNotSpent() {
        Bucket before = bucket("changed", 1000);
        Replica replica = new Replica();
        assertThat(replica.take(before).remaining()).isEqualTo(999);
        Bucket after = new Bucket(before.key(), before.category(), PER_MINUTE, 500);
        double leasedBefore = replica.leased();
        Decision decision = replica.take(after);
        assertThat(decision.allowed()).isTrue();
        assertThat(replica.leased()).as("asked Redis under the new limit").isEqualTo(leasedBefore);
        assertThat(decision.bucket().capacity()).isEqualTo(500);
    }
}
