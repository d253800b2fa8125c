package io.dropline.analytics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batched ingestion: a batch keeps each event once (duplicates inside the batch and redelivered ones included) and
 * adds exactly what the events one by one would add to the rollups; events XADDed to the stream arrive in batches.
 * With {@code -Dbench.events=N} it also times N events from XADD until stored (a benchmark: printed, not asserted).
 */
@RequiresInfra
@SpringBootTest
class EventStoreBatchIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    EventStore store;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Value("${dropline.redis.namespace}")
    String namespace;

    static EventEnvelope event(UUID org, String type, Instant at, Map<String, Object> data) {
        return new EventEnvelope(Ids.newId("evt"), type, Ids.format("org", org), "live", "queue", "queue_x", at, "req-test",
                "test", data);
    }

    static List<EventEnvelope> events(UUID org, int n, Instant base) {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("queueId", "queue_" + (i % 3));
            data.put("experienceId", "exp_" + (i % 2));
            data.put("position", i);
            data.put("amount", (i % 5) + ".25");
            events.add(event(org, i % 4 == 0 ? "queue.consumer.admitted" : "queue.consumer.entered",
                    base.plusSeconds(i * 13L), data));
        }
        return events;
    }

    List<String> rollups(UUID org) {
        return db.sql("SELECT event_type, field, dimension, dimension_value, grain, bucket, n, total, low, high FROM event_rollups "
                        + "WHERE organization_id = :org ORDER BY 1, 2, 3, 4, 5, 6")
                .bind("org", org)
                .map(row -> row.get(0, String.class) + "|" + row.get(1, String.class) + "|" + row.get(2, String.class) + "|"
                        + row.get(3, String.class) + "|" + row.get(4, String.class) + "|" + row.get(5, Instant.class) + "|"
                        + row.get(6, Long.class) + "|" + row.get(7, java.math.BigDecimal.class).stripTrailingZeros().toPlainString()
                        + "|" + row.get(8, java.math.BigDecimal.class) + "|" + row.get(9, java.math.BigDecimal.class))
                .all().collectList().block();
    }

    long stored(UUID org) {
        return db.sql("SELECT count(*) FROM stored_events WHERE organization_id = :org").bind("org", org)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    @Test
    void aBatchAddsWhatItsEventsOneByOneWouldAndEachEventOnce() {
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        UUID one = UUID.randomUUID();
        UUID batched = UUID.randomUUID();
        List<EventEnvelope> singles = events(one, 40, base);
        singles.forEach(event -> StepVerifier.create(store.keep(event)).expectNext(true).verifyComplete());
        List<EventEnvelope> batch = events(batched, 40, base);

        // A first batch with 10 of them, then the whole batch plus duplicates of itself: 30 new, 10 redelivered.
        StepVerifier.create(store.keepAll(batch.subList(0, 10))).expectNext(10).verifyComplete();
        List<EventEnvelope> again = new ArrayList<>(batch);
        again.addAll(batch.subList(5, 25));
        StepVerifier.create(store.keepAll(again)).expectNext(30).verifyComplete();
        StepVerifier.create(store.keepAll(batch)).expectNext(0).verifyComplete();

        assertThat(stored(batched)).isEqualTo(40);
        assertThat(rollups(batched)).isNotEmpty().isEqualTo(rollups(one));
    }

    @Test
    void eventsFromTheStreamAreStoredInBatchesExactlyOnce() {
        UUID org = UUID.randomUUID();
        List<EventEnvelope> events = events(org, 300, Instant.now().minus(1, ChronoUnit.HOURS));
        xadd(events);
        xadd(events.subList(0, 50));
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(org) == 300);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sql("SELECT coalesce(sum(n), 0) FROM event_rollups WHERE organization_id = :org "
                        + "AND field = '' AND dimension = '' AND grain = 'h'").bind("org", org)
                .map(row -> row.get(0, Number.class).longValue()).one().block() == 300);
    }

    /** {@code -Dbench.events=N}: N events XADDed at once, timed until all are stored. Printed, not asserted. */
    @Test
    void ingestBenchmark() {
        int n = Integer.getInteger("bench.events", 0);
        Assumptions.assumeTrue(n > 0, "benchmark only with -Dbench.events=N");
        UUID org = UUID.randomUUID();
        List<EventEnvelope> events = events(org, n, Instant.now().minus(3, ChronoUnit.HOURS));
        long started = System.nanoTime();
        xadd(events);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200)).until(() -> stored(org) == n);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("INGEST-BENCH batched (XADD to stored) events=%d seconds=%.2f events/s=%.0f%n", n, seconds, n / seconds);

        // The path before batching, for comparison: one transaction per event, one after another (as the consumer
        // handed them over), without the bus.
        int m = Math.max(1, n / 5);
        List<EventEnvelope> singles = events(UUID.randomUUID(), m, Instant.now().minus(3, ChronoUnit.HOURS));
        long t0 = System.nanoTime();
        Flux.fromIterable(singles).concatMap(store::keep).blockLast();
        double single = (System.nanoTime() - t0) / 1e9;
        System.out.printf("INGEST-BENCH one transaction per event events=%d seconds=%.2f events/s=%.0f%n", m, single, m / single);
    }

    void xadd(List<EventEnvelope> events) {
        Flux.fromIterable(events)
                .concatMap(event -> redis.opsForStream().add(StreamRecords.newRecord().in(namespace + ":events")
                        .ofMap(Map.of("type", event.type(), "event", JsonMapper.shared().writeValueAsString(event)))), 64)
                .blockLast();
    }
}
