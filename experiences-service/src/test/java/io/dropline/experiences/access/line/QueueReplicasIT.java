package io.dropline.experiences.access.line;

import static io.dropline.experiences.access.line.QueueEngineIT.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Two instances of experiences-service on one database and one Redis: this test's own, and the packaged jar
 * started as a separate process, which the test can kill like a crash.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.line.tick-interval=50ms")
@AutoConfigureWebTestClient(timeout = "20s")
class QueueReplicasIT {

    static String database;
    static String namespace;
    static ServiceProcess other;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = TestInfra.freshDatabase("experiences");
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "experiences", database, namespace);
    }

    @AfterAll
    static void stopOther() {
        if (other != null) {
            other.close();
        }
    }

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    UUID org;
    QueueFixtures queues;

    @BeforeEach
    void secondInstance() {
        org = UUID.randomUUID();
        queues = new QueueFixtures(db);
        if (other == null || !other.isAlive()) {
            // Started after this instance migrated the database, so the two never race on Flyway.
            other = ServiceProcess.start("experiences-service", database, namespace);
        }
    }

    @Test
    void whenTwoInstancesAdmitTogetherThenMaxAdmissionsHoldsAndEachConsumerIsAdmittedOnce() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(60000).maxAdmissions(40)));
        WebClient otherClient = WebClient.create(other.baseUrl());
        WebClient thisClient = WebClient.create("http://127.0.0.1:" + port);
        List<UUID> consumers = IntStream.range(0, 150).mapToObj(i -> UUID.randomUUID()).toList();
        Flux.fromIterable(consumers).index()
                .flatMap(indexed -> enterThere(indexed.getT1() % 2 == 0 ? thisClient : otherClient, queue, indexed.getT2()), 16)
                .as(StepVerifier::create)
                .verifyComplete();

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM queue_entries WHERE queue_id = :q AND status = 'GRANTED'", queue) == 40);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> count("SELECT count(*) FROM queue_entries WHERE queue_id = :q AND status = 'GRANTED'", queue) == 40);
        assertThat(count("SELECT admitted_total FROM queue_lines WHERE queue_id = :q", queue)).isEqualTo(40);
        assertThat(countByAggregate("SELECT count(*) FROM outbox WHERE type = 'queue.consumer.admitted' AND aggregate_id = :q", queue)).isEqualTo(40);
        assertThat(countByAggregate("SELECT count(DISTINCT payload->>'consumerId') FROM outbox WHERE type = 'queue.consumer.admitted' AND aggregate_id = :q", queue)).isEqualTo(40);
        // Arrival order across both instances: nobody admitted while someone who arrived earlier still waits.
        assertThat(count("SELECT count(*) FROM queue_entries g JOIN queue_entries w ON g.queue_id = w.queue_id "
                + "WHERE g.queue_id = :q AND g.status = 'GRANTED' AND w.status = 'QUEUED' AND w.seq < g.seq", queue)).isZero();
    }

    /**
     * An operator's pause is a lowered {@code maxAdmissions}, written through one instance. Both instances had the
     * old settings cached (they ticked the queue); the other must drop them at once, not a cache TTL later, or it
     * admits whoever joins next at the old pace.
     */
    @Test
    void whenOneInstancePausesAQueueThenTheOtherStopsAdmittingAtOnce() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(60000)));
        WebClient otherClient = WebClient.create(other.baseUrl());
        WebClient thisClient = WebClient.create("http://127.0.0.1:" + port);
        Flux.range(0, 10).flatMap(i -> enterThere(i % 2 == 0 ? thisClient : otherClient, queue, UUID.randomUUID()))
                .as(StepVerifier::create)
                .verifyComplete();
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT admitted_total FROM queue_lines WHERE queue_id = :q", queue) == 10);

        http.put().uri("/api/v1/queues/{id}", queue).header(InternalContext.HEADER, TestContexts.admin(org))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("maxAdmissions", 10))
                .exchange().expectStatus().isOk();
        UUID late = UUID.randomUUID();
        StepVerifier.create(enterThere(otherClient, queue, late)).verifyComplete();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> result(db
                .sql("SELECT status FROM queue_entries WHERE queue_id = :q AND consumer_id = :c")
                .bind("q", uuid(queue)).bind("c", late).map(row -> row.get(0, String.class)).one()).equals("QUEUED"));
        assertThat(count("SELECT admitted_total FROM queue_lines WHERE queue_id = :q", queue)).isEqualTo(10);
    }

    @Test
    void whenAnInstanceIsKilledDuringABurstOfJoinsThenNoAcknowledgedEntryIsLostOrDuplicated() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1)));
        WebClient otherClient = WebClient.create(other.baseUrl());
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        List<UUID> consumers = IntStream.range(0, 600).mapToObj(i -> UUID.randomUUID()).toList();
        Flux.fromIterable(consumers)
                .flatMap(consumer -> enterThere(otherClient, queue, consumer)
                        .doOnSuccess(ok -> {
                            acknowledged.add(consumer);
                            if (answered.incrementAndGet() == 150) {
                                // Waiting for the process to die blocks: not on the event loop.
                                Schedulers.boundedElastic().schedule(other::kill);
                            }
                        })
                        .onErrorResume(refused -> Mono.empty()), 24)
                .as(StepVerifier::create)
                .verifyComplete();

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);
        await().atMost(Duration.ofSeconds(10)).until(() -> !other.isAlive());
        // Every acknowledged join is in the record exactly once (the primary key forbids a second row)...
        List<UUID> recorded = result(db.sql("SELECT consumer_id FROM queue_entries WHERE queue_id = :q")
                .bind("q", uuid(queue)).map(row -> row.get(0, UUID.class)).all().collectList());
        assertThat(recorded).containsAll(acknowledged).doesNotHaveDuplicates();
        // ...and the surviving instance answers each with a distinct place in line.
        Set<Long> positions = ConcurrentHashMap.newKeySet();
        for (UUID consumer : acknowledged) {
            http.get().uri("/api/v1/queues/{id}/status", queue).header(InternalContext.HEADER, TestContexts.consumer(org, consumer))
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("QUEUED")
                    .jsonPath("$.position").value(position -> positions.add(((Number) position).longValue()));
        }
        assertThat(positions).hasSize(acknowledged.size());
        assertThat(positions.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThanOrEqualTo(recorded.size());
    }

    private Mono<Void> enterThere(WebClient client, String queue, UUID consumer) {
        return client.post().uri("/api/v1/queues/{id}/enter", queue)
                .header(InternalContext.HEADER, TestContexts.consumer(org, consumer))
                .retrieve()
                .toBodilessEntity()
                .timeout(Duration.ofSeconds(10))
                .then();
    }

    private long count(String sql, String queue) {
        return result(db.sql(sql).bind("q", uuid(queue)).map(row -> ((Number) row.get(0)).longValue()).one());
    }

    private long countByAggregate(String sql, String queue) {
        return result(db.sql(sql).bind("q", queue).map(row -> ((Number) row.get(0)).longValue()).one());
    }

    private static UUID uuid(String queue) {
        return Ids.parse("queue", queue).orElseThrow();
    }
}
