package io.dropline.contracts.event.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The event bus end to end on real PostgreSQL and Redis: outbox rows written in a transaction reach every
 * subscriber in order, at least once, and an idempotent subscriber sees each exactly once even when the relay
 * publishes again, when two relays race, and when a handler fails or a consumer dies before acknowledging.
 */
@RequiresInfra
class EventBusIT {

    private static final String OUTBOX_DDL = """
            CREATE TABLE outbox (
                id uuid PRIMARY KEY, type text NOT NULL, organization_id uuid NOT NULL, environment text NOT NULL,
                aggregate_type text NOT NULL, aggregate_id text NOT NULL, payload jsonb NOT NULL,
                occurred_at timestamptz NOT NULL, request_id text, actor text, published_at timestamptz);
            CREATE INDEX outbox_unpublished ON outbox (occurred_at) WHERE published_at IS NULL;
            CREATE TABLE seen (event_id text PRIMARY KEY, handled_at timestamptz NOT NULL DEFAULT now());
            """;

    private final String org = Ids.format("org", Ids.newUuid());
    private DatabaseClient db;
    private TransactionalOperator tx;
    private LettuceConnectionFactory redisFactory;
    private ReactiveStringRedisTemplate redis;
    private String stream;
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeEach
    void setUp() {
        var pg = TestInfra.postgres();
        String database = TestInfra.freshDatabase("eventbus");
        ConnectionFactory connections = ConnectionFactories.get(ConnectionFactoryOptions
                .parse(TestInfra.r2dbcUrl(pg, database))
                .mutate()
                .option(ConnectionFactoryOptions.USER, pg.user())
                .option(ConnectionFactoryOptions.PASSWORD, pg.password() == null ? "" : pg.password())
                .build());
        db = DatabaseClient.create(connections);
        tx = TransactionalOperator.create(new R2dbcTransactionManager(connections));
        Flux.fromArray(OUTBOX_DDL.split(";")).filter(sql -> !sql.isBlank())
                .concatMap(sql -> db.sql(sql).then()).blockLast();
        var rd = TestInfra.redis();
        redisFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(rd.host(), rd.port()));
        redisFactory.setEagerInitialization(true);
        redisFactory.afterPropertiesSet();
        redisFactory.start();
        redis = new ReactiveStringRedisTemplate(redisFactory);
        stream = TestInfra.freshRedisNamespace() + ":events";
    }

    @AfterEach
    void tearDown() {
        cleanups.forEach(Runnable::run);
        redis.delete(stream).block();
        redisFactory.destroy();
    }

    @Test
    void everyCommittedEventReachesTheSubscriberInOrderAndRolledBackOnesNever() {
        List<EventEnvelope> events = events(250);
        tx.transactional(outbox().append(events)).block();
        tx.transactional(outbox().append(events(3)).then(Mono.error(new IllegalStateException("rolled back"))))
                .onErrorResume(IllegalStateException.class, rolledBack -> Mono.empty()).block();

        assertThat(relay().drain().block()).isEqualTo(250);
        assertThat(unpublished()).isZero();

        List<String> received = new CopyOnWriteArrayList<>();
        EventStreamConsumer consumer = consumer("analytics", "a-1", collect(received), settings(Duration.ofSeconds(15)));
        assertThat(consumer.drain().block()).isEqualTo(250);
        assertThat(received).containsExactlyElementsOf(events.stream().map(EventEnvelope::id).toList());

        // The envelope survives the trip intact.
        List<EventEnvelope> full = new CopyOnWriteArrayList<>();
        consumer("audience", "b-1", event -> Mono.fromRunnable(() -> full.add(event)), settings(Duration.ofSeconds(15)))
                .drain().block();
        assertThat(full.get(0)).usingRecursiveComparison().isEqualTo(events.get(0));
        assertThat(full).hasSize(250);
    }

    @Test
    void theLagGaugesShowTheUnpublishedRowsAndTheOldestAgeUntilTheRelayDrainsThem() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxLag lag = new OutboxLag(db, Duration.ofSeconds(15));
        lag.bindTo(registry);
        lag.measure().block();
        assertThat(registry.get("dropline.outbox.pending").gauge().value()).isZero();
        assertThat(registry.get("dropline.outbox.oldest.age").gauge().value()).isZero();

        // The events occurred at a fixed instant in the past: their age is far above a minute.
        tx.transactional(outbox().append(events(5))).block();
        lag.measure().block();
        assertThat(registry.get("dropline.outbox.pending").gauge().value()).isEqualTo(5.0);
        assertThat(registry.get("dropline.outbox.oldest.age").gauge().value()).isGreaterThan(60.0);

        relay().drain().block();
        lag.measure().block();
        assertThat(registry.get("dropline.outbox.pending").gauge().value()).isZero();
        assertThat(registry.get("dropline.outbox.oldest.age").gauge().value()).isZero();
    }

    @Test
    void aRelayRetryPublishesAgainButAnIdempotentSubscriberRecordsEachEventOnce() {
        List<EventEnvelope> events = events(40);
        tx.transactional(outbox().append(events)).block();
        relay().drain().block();
        // The relay published, then "crashed" before its commit: the rows are unpublished again and go out twice.
        db.sql("UPDATE outbox SET published_at = NULL WHERE id IN (SELECT id FROM outbox ORDER BY occurred_at LIMIT 15)")
                .then().block();
        assertThat(relay().drain().block()).isEqualTo(15);
        assertThat(redis.opsForStream().size(stream).block()).isEqualTo(55);

        AtomicInteger deliveries = new AtomicInteger();
        EventStreamConsumer consumer = consumer("analytics", "a-1", event -> {
            deliveries.incrementAndGet();
            return recordOnce(event);
        }, settings(Duration.ofSeconds(15)));
        consumer.drain().block();

        assertThat(deliveries).hasValue(55);
        assertThat(seen()).isEqualTo(40);
    }

    @Test
    void twoRelaysRacingPublishEachRowOnce() {
        tx.transactional(outbox().append(events(600))).block();
        Long total = Flux.merge(relay().drain(), relay().drain(), relay().drain())
                .reduce(0L, Long::sum).block();
        assertThat(total).isEqualTo(600);
        assertThat(redis.opsForStream().size(stream).block()).isEqualTo(600);
    }

    @Test
    void replicasOfOneServiceShareTheWorkAndEveryServiceSeesEverything() {
        tx.transactional(outbox().append(events(300))).block();
        relay().drain().block();
        Map<String, String> handledBy = new ConcurrentHashMap<>();
        EventStreamConsumer first = consumer("analytics", "a-1", event -> Mono.fromRunnable(() -> handledBy.put(event.id(), "a-1")), settings(Duration.ofSeconds(15)));
        EventStreamConsumer second = consumer("analytics", "a-2", event -> Mono.fromRunnable(() -> handledBy.merge(event.id(), "a-2", (a, b) -> a + "+" + b)), settings(Duration.ofSeconds(15)));
        Flux.merge(first.drain(), second.drain()).blockLast();
        assertThat(handledBy).hasSize(300).allSatisfy((id, by) -> assertThat(by).doesNotContain("+"));

        Set<String> other = ConcurrentHashMap.newKeySet();
        consumer("audience", "b-1", event -> Mono.fromRunnable(() -> other.add(event.id())), settings(Duration.ofSeconds(15))).drain().block();
        assertThat(other).hasSize(300);
    }

    @Test
    void aFailedHandlerOrADeadConsumerLeavesTheEventPendingUntilSomeoneHandlesIt() {
        List<EventEnvelope> events = events(5);
        tx.transactional(outbox().append(events)).block();
        relay().drain().block();

        // The first consumer fails on the third event, then "dies" (it is never asked again).
        String poisoned = events.get(2).id();
        EventStreamConsumer dying = consumer("analytics", "a-1", event -> event.id().equals(poisoned)
                ? Mono.error(new IllegalStateException("database down")) : recordOnce(event), settings(Duration.ZERO));
        dying.drain().block();
        assertThat(seen()).isEqualTo(4);

        // A replica claims what was left pending and handles it.
        EventStreamConsumer survivor = consumer("analytics", "a-2", this::recordOnce, settings(Duration.ZERO));
        assertThat(survivor.recoverPending().block()).isEqualTo(1);
        assertThat(seen()).isEqualTo(5);
        assertThat(redis.opsForStream().pending(stream, "analytics").block().getTotalPendingMessages()).isZero();
    }

    @Test
    void entriesOfTypesNoSubscriptionAcceptsAreAcknowledgedWithoutBeingReadAndTheRestStillArrive() {
        List<EventEnvelope> events = events(3);
        tx.transactional(outbox().append(events)).block();
        relay().drain().block();
        // Another service's event, as the relay writes it (its type beside it), whose body this group could not even
        // read: it is done without being read, so it neither fails nor stays pending.
        redis.opsForStream().add(StreamRecords.newRecord()
                .ofMap(Map.of("type", "other.thing.happened", "event", "{not json")).withStreamKey(stream)).block();
        tx.transactional(outbox().append(events(2))).block();
        relay().drain().block();

        List<String> received = new CopyOnWriteArrayList<>();
        assertThat(consumer("analytics", "a-1", collect(received), settings(Duration.ofSeconds(15))).drain().block())
                .isEqualTo(6);
        assertThat(received).hasSize(5).containsAll(events.stream().map(EventEnvelope::id).toList());
        assertThat(redis.opsForStream().pending(stream, "analytics").block().getTotalPendingMessages()).isZero();
    }

    @Test
    void anEventThatAlwaysFailsIsGivenUpAfterMaxDeliveries() {
        tx.transactional(outbox().append(events(1))).block();
        relay().drain().block();
        EventBusProperties.Consumer settings = new EventBusProperties.Consumer(true, null, Duration.ofMillis(100), 100,
                Duration.ZERO, 3);
        EventStreamConsumer consumer = consumer("analytics", "a-1", event -> Mono.error(new IllegalStateException("bug")), settings);
        consumer.drain().block();
        consumer.recoverPending().block();
        consumer.recoverPending().block();
        assertThat(redis.opsForStream().pending(stream, "analytics").block().getTotalPendingMessages()).isOne();
        consumer.recoverPending().block();
        assertThat(redis.opsForStream().pending(stream, "analytics").block().getTotalPendingMessages()).isZero();
    }

    @Test
    void aBatchedSubscriptionGetsEachReadAtOnceAndAPoisonEventFallsBackToOneByOne() {
        List<EventEnvelope> events = events(250);
        tx.transactional(outbox().append(events)).block();
        relay().drain().block();
        String poisoned = events.get(120).id();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        List<String> perEvent = new CopyOnWriteArrayList<>();
        EventSubscription batched = EventSubscription.batched("store", Set.of("test.happened"), batch -> {
            batchSizes.add(batch.size());
            return batch.stream().anyMatch(event -> event.id().equals(poisoned))
                    ? Mono.error(new IllegalStateException("poison"))
                    : Flux.fromIterable(batch).concatMap(this::recordOnce).then();
        });
        EventSubscription single = new EventSubscription("other", Set.of("test.happened"), collect(perEvent));
        EventStreamConsumer consumer = new EventStreamConsumer(redis, stream, "analytics", "a-1", List.of(batched, single),
                settings(Duration.ofSeconds(15)));

        assertThat(consumer.drain().block()).isEqualTo(250);
        // Reads of 100, 100 (it holds the poison: retried as 100 lists of one), 50.
        assertThat(batchSizes.subList(0, 2)).containsExactly(100, 100);
        assertThat(batchSizes.subList(2, 102)).containsOnly(1);
        assertThat(batchSizes.get(102)).isEqualTo(50);
        assertThat(seen()).isEqualTo(249);
        // The per-event subscription saw every event but the poisoned one (it shares that entry, left pending).
        assertThat(perEvent).hasSize(249).doesNotContain(poisoned);
        assertThat(redis.opsForStream().pending(stream, "analytics").block().getTotalPendingMessages()).isOne();
    }

    @Test
    void theRelayAndConsumerRunOnTheirOwnOnceStarted() {
        OutboxRelay relay = relay();
        List<String> received = new CopyOnWriteArrayList<>();
        EventStreamConsumer consumer = consumer("analytics", "a-1", collect(received), settings(Duration.ofSeconds(15)));
        relay.start();
        consumer.start();
        cleanups.add(relay::stop);
        cleanups.add(consumer::stop);
        tx.transactional(outbox().append(events(20))).block();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 20);
    }

    private Outbox outbox() {
        return new Outbox(db);
    }

    private OutboxRelay relay() {
        return new OutboxRelay(db, tx, redis, stream, properties());
    }

    private EventStreamConsumer consumer(String group, String name, Function<EventEnvelope, Mono<Void>> handler,
            EventBusProperties.Consumer settings) {
        return new EventStreamConsumer(redis, stream, group, name,
                List.of(new EventSubscription("test", Set.of("test.happened"), handler)), settings);
    }

    private static EventBusProperties.Consumer settings(Duration claimIdle) {
        return new EventBusProperties.Consumer(true, null, Duration.ofMillis(100), 100, claimIdle, 10);
    }

    private static EventBusProperties properties() {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("dropline.events.relay.batch-size", "100")));
        return Binder.get(environment).bindOrCreate("dropline.events", EventBusProperties.class);
    }

    private static Function<EventEnvelope, Mono<Void>> collect(List<String> into) {
        return event -> Mono.fromRunnable(() -> into.add(event.id()));
    }

    private Mono<Void> recordOnce(EventEnvelope event) {
        return db.sql("INSERT INTO seen (event_id) VALUES (:id) ON CONFLICT DO NOTHING").bind("id", event.id()).then();
    }

    private long seen() {
        return db.sql("SELECT count(*) AS n FROM seen").map(row -> row.get("n", Long.class)).one().block();
    }

    private long unpublished() {
        return db.sql("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL").map(row -> row.get("n", Long.class)).one().block();
    }

    private List<EventEnvelope> events(int n) {
        Instant base = Instant.parse("2026-11-22T10:00:00Z");
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new EventEnvelope(Ids.format("evt", Ids.newUuid()), "test.happened", org, "live", "thing",
                    "thing_" + i, base.plusMillis(i), "req_" + i, "key_x", Map.of("n", i, "nested", Map.of("ok", true))));
        }
        return events;
    }
}
