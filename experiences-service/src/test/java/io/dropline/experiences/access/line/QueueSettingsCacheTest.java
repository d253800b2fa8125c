package io.dropline.experiences.access.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The settings of a running queue are kept fresh by the admission ticker, so the hot read path never loads them
 * (issue 16: status reads make no PostgreSQL statement); a queue nobody ticks is still loaded after its TTL.
 */
class QueueSettingsCacheTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration TICK = Duration.ofMillis(200);

    private final UUID queueId = UUID.randomUUID();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger loads = new AtomicInteger();
    private final QueueSettingsCache cache = new QueueSettingsCache(id -> {
        loads.incrementAndGet();
        return Mono.just(settings(id, loads.get()));
    }, TTL, nanos::get);

    @Test
    void whenTheTickerTicksAQueueThenItsReadsNeverLoadItsSettingsAndTheyStayWithinTheTtl() {
        cache.forTick(queueId).block();
        int byTicker = 1;
        for (int tick = 1; tick <= 50; tick++) {
            for (int read = 0; read < 10; read++) {
                advance(TICK.dividedBy(10));
                int before = loads.get();
                QueueSettings read1 = cache.get(queueId).block();
                assertThat(loads.get()).as("a read loads nothing while the ticker keeps the copy fresh").isEqualTo(before);
                assertThat(read1).isNotNull();
            }
            int before = loads.get();
            cache.forTick(queueId).block();
            byTicker += loads.get() - before;
        }
        // 10 s of ticks every 200 ms: a reload each time the copy is half the TTL old, never on every tick.
        assertThat(byTicker).isBetween(10, 26);
    }

    @Test
    void whenNobodyTicksAQueueThenAReadLoadsItAfterTheTtl() {
        cache.get(queueId).block();
        advance(TTL.minusMillis(1));
        cache.get(queueId).block();
        assertThat(loads).hasValue(1);
        advance(Duration.ofMillis(2));
        cache.get(queueId).block();
        assertThat(loads).hasValue(2);
    }

    @Test
    void whenAChangeIsAnnouncedThenTheNextReadLoadsAndADeletedQueueIsEmpty() {
        cache.forTick(queueId).block();
        cache.forget(queueId);
        cache.get(queueId).block();
        assertThat(loads).hasValue(2);

        QueueSettingsCache gone = new QueueSettingsCache(id -> Mono.empty(), TTL, nanos::get);
        assertThat(gone.forTick(queueId).blockOptional()).isEmpty();
        assertThat(gone.get(queueId).blockOptional()).isEmpty();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private static QueueSettings settings(UUID id, int version) {
        return new QueueSettings(id, UUID.randomUUID(), Environment.LIVE, UUID.randomUUID(), UUID.randomUUID(), null, null,
                60 + version, null, null, null, true, false, false);
    }
}
