package io.dropline.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalTokenBucketsTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void whenCapacityIsSpentThenRefillsAtTheConfiguredRate() {
        ManualClock clock = new ManualClock();
        LocalTokenBuckets buckets = new LocalTokenBuckets(clock);
        List<Bucket> plan = List.of(new Bucket("k", "read", 600, 5));
        for (int i = 0; i < 5; i++) {
            Decision decision = buckets.take(plan);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(4 - i);
        }
        Decision denied = buckets.take(plan);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfterSeconds()).isEqualTo(1);
        assertThat(denied.resetEpochSecond()).isEqualTo(clock.now.getEpochSecond() + 1);
        clock.now = clock.now.plus(Duration.ofMillis(300));
        // 10 tokens per second: three arrived.
        assertThat(buckets.take(plan).allowed()).isTrue();
        assertThat(buckets.take(plan).allowed()).isTrue();
        assertThat(buckets.take(plan).allowed()).isTrue();
        assertThat(buckets.take(plan).allowed()).isFalse();
    }

    @Test
    void whenAnyBucketIsEmptyThenNoBucketPays() {
        ManualClock clock = new ManualClock();
        LocalTokenBuckets buckets = new LocalTokenBuckets(clock);
        Bucket consumer = new Bucket("consumer", "status", 60, 10);
        Bucket ceiling = new Bucket("ceiling", "consumer_ceiling", 60, 1);
        assertThat(buckets.take(List.of(consumer, ceiling)).allowed()).isTrue();
        Decision denied = buckets.take(List.of(consumer, ceiling));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.bucket()).isEqualTo(ceiling);
        // The consumer's own bucket was charged once only.
        assertThat(buckets.take(List.of(consumer)).remaining()).isEqualTo(8);
    }
}
