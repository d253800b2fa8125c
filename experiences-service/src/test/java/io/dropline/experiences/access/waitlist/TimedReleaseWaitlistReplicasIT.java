package io.dropline.experiences.access.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import tools.jackson.databind.JsonNode;

/**
 * The invariants of timed releases and waitlists with two instances of experiences-service on one database: this
 * test's own and the packaged jar as a separate process, both running timers.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.distribution.timers.poll-interval=50ms")
@AutoConfigureWebTestClient(timeout = "20s")
class TimedReleaseWaitlistReplicasIT {

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

    @Autowired
    DatabaseClient db;

    @LocalServerPort
    int port;

    UUID org;
    AdminCalls api;
    String sequenceId;
    List<WebClient> instances;

    @BeforeEach
    void twoInstances() {
        if (other == null || !other.isAlive()) {
            // Started after this instance migrated the database, so the two never race on Flyway.
            other = ServiceProcess.start("experiences-service", database, namespace, TestInfra.redis(),
                    List.of("--dropline.distribution.timers.poll-interval=50ms"));
        }
        // The signed contexts are short-lived: made after the (slow) start of the other instance.
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        String experienceId = api.post("/api/v1/experiences", Map.of("name", "Drop")).get("id").stringValue();
        sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
        instances = List.of(WebClient.create("http://127.0.0.1:" + port), WebClient.create(other.baseUrl()));
    }

    @Test
    void whenTwoInstancesTakeSignUpsTogetherThenCapacityIsNeverExceeded() {
        String id = api.post("/api/v1/waitlists", Map.of("sequenceId", sequenceId, "capacity", 25)).get("id").stringValue();
        List<String> consumers = IntStream.range(0, 120).mapToObj(i -> TestContexts.consumer(org, UUID.randomUUID())).toList();
        List<Integer> statuses = Flux.range(0, consumers.size())
                .flatMap(i -> instances.get(i % 2).post().uri("/api/v1/waitlists/{id}/enter", id)
                        .header(InternalContext.HEADER, consumers.get(i))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 24)
                .collectList().block(Duration.ofSeconds(60));
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(25);
        assertThat(count("SELECT count(*) FROM waitlist_entries WHERE distribution_id = :id AND status = 'WAITING'", id)).isEqualTo(25);
        assertThat(count("SELECT signup_count FROM waitlists WHERE id = :id", id)).isEqualTo(25);
        assertThat(countEvents("waitlist.consumer.entered", id)).isEqualTo(25);
    }

    @Test
    void whenTwoInstancesRunTheWavesThenEachConsumerIsNotifiedOncePerWave() {
        String id = api.post("/api/v1/waitlists", Map.of("sequenceId", sequenceId, "notificationStrategy", "batched", "waveSize", 7,
                "waveIntervalSeconds", 1)).get("id").stringValue();
        List<String> consumers = IntStream.range(0, 40).mapToObj(i -> TestContexts.consumer(org, UUID.randomUUID())).toList();
        Flux.range(0, consumers.size())
                .flatMap(i -> instances.get(i % 2).post().uri("/api/v1/waitlists/{id}/enter", id)
                        .header(InternalContext.HEADER, consumers.get(i)).retrieve().toBodilessEntity(), 8)
                .blockLast(Duration.ofSeconds(60));
        // Both instances are asked for the first wave at once; each arms the same job, which runs once.
        Flux.fromIterable(instances)
                .flatMap(client -> client.post().uri("/api/v1/waitlists/{id}/waves", id).header(InternalContext.HEADER, TestContexts.admin(org))
                        .contentType(MediaType.APPLICATION_JSON).retrieve().toBodilessEntity())
                .blockLast(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(40))
                .until(() -> count("SELECT count(*) FROM waitlist_entries WHERE distribution_id = :id AND status = 'NOTIFIED'", id) == 40);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> countEvents("waitlist.consumer.notified", id) == 40);
        // Six waves of seven (the last of five), each consumer in exactly one, nobody twice in any.
        assertThat(count("SELECT waves_sent FROM waitlists WHERE id = :id", id)).isEqualTo(6);
        assertThat(countByAggregate("SELECT count(*) FROM (SELECT payload->>'consumerId', payload->>'wave' FROM outbox "
                + "WHERE type = 'waitlist.consumer.notified' AND aggregate_id = :id GROUP BY 1, 2 HAVING count(*) > 1) twice", id)).isZero();
        assertThat(countByAggregate("SELECT count(DISTINCT payload->>'consumerId') FROM outbox WHERE type = 'waitlist.consumer.notified' "
                + "AND aggregate_id = :id", id)).isEqualTo(40);
        assertThat(countByAggregate("SELECT max(c) FROM (SELECT count(*) AS c FROM outbox WHERE type = 'waitlist.consumer.notified' "
                + "AND aggregate_id = :id GROUP BY payload->>'wave') per_wave", id)).isEqualTo(7);
        // Every wave job ran once: done, and by one claim that held.
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :id AND kind LIKE 'wave:%' AND done_at IS NOT NULL", id))
                .isEqualTo(6);
    }

    @Test
    void whenBothInstancesCompleteOneTimedReleaseGrantThenItCompletesExactlyOnce() {
        String id = api.post("/api/v1/timed-releases", Map.of("sequenceId", sequenceId, "name", "Noon", "supportsGuest", true))
                .get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        JsonNode entered = instances.get(1).post().uri("/api/v1/timed-releases/{id}/enter", id)
                .header(InternalContext.HEADER, TestContexts.consumer(org, consumer)).retrieve().bodyToMono(JsonNode.class)
                .block(Duration.ofSeconds(10));
        Map<String, String> action = Map.of("consumerId", Ids.format("cons", consumer), "admissionGrant",
                entered.get("admissionGrant").stringValue());
        // One refused call per instance first: Jackson builds a body type's reader once, under a lock that BlockHound
        // (installed in the tests) reports when the very first calls race; the race under test is the completion's.
        for (WebClient client : instances) {
            assertThat(client.post().uri("/api/v1/timed-releases/{id}/complete", id).header(InternalContext.HEADER, TestContexts.admin(org))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerId", "warm-up"))
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                    .block(Duration.ofSeconds(10))).isEqualTo(400);
        }
        List<Integer> statuses = Flux.range(0, 30)
                .flatMap(i -> instances.get(i % 2).post().uri("/api/v1/timed-releases/{id}/complete", id)
                        .header(InternalContext.HEADER, TestContexts.admin(org)).contentType(MediaType.APPLICATION_JSON).bodyValue(action)
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 30)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(29);
        assertThat(countEvents("timed_release.consumer.completed", id)).isEqualTo(1);
        // Validation on either instance now says it was used.
        for (WebClient client : instances) {
            JsonNode validation = client.post().uri("/api/v1/timed-releases/{id}/validate", id).header(InternalContext.HEADER, TestContexts.admin(org))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(action).retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(10));
            assertThat(validation.get("valid").booleanValue()).isFalse();
            assertThat(validation.get("reason").stringValue()).isEqualTo("ALREADY_COMPLETED");
        }
    }

    private long count(String sql, String publicId) {
        UUID id = Ids.parse(publicId.startsWith("wl_") ? "wl" : "trel", publicId).orElseThrow();
        return db.sql(sql).bind("id", id).map(row -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(10));
    }

    private long countByAggregate(String sql, String publicId) {
        return db.sql(sql).bind("id", publicId).map(row -> row.get(0) == null ? 0L : ((Number) row.get(0)).longValue()).one()
                .block(Duration.ofSeconds(10));
    }

    private long countEvents(String type, String publicId) {
        return db.sql("SELECT count(*) FROM outbox WHERE type = :type AND aggregate_id = :id").bind("type", type).bind("id", publicId)
                .map(row -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(10));
    }
}
