package io.dropline.experiences.access.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The queue journey against real PostgreSQL and Redis: one in-process instance of experiences-service. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.line.tick-interval=50ms")
@AutoConfigureWebTestClient(timeout = "20s")
class QueueEngineIT {

    static String namespace;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "experiences", TestInfra.freshDatabase("experiences"), namespace);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    StatefulRedisConnection<String, String> redis;

    @Autowired
    LineIndex index;

    UUID org;
    QueueFixtures queues;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        queues = new QueueFixtures(db);
    }

    @Test
    void whenConsumersEnterThenTheyQueueInArrivalOrderAndEnteringAgainChangesNothing() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1)));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        enter(queue, first).jsonPath("$.status").isEqualTo("QUEUED").jsonPath("$.position").isEqualTo(1)
                .jsonPath("$.estimatedWaitTimeInSeconds").isEqualTo(60);
        enter(queue, second).jsonPath("$.position").isEqualTo(2).jsonPath("$.estimatedWaitTimeInSeconds").isEqualTo(120);
        enter(queue, first).jsonPath("$.status").isEqualTo("QUEUED").jsonPath("$.position").isEqualTo(1);
        status(queue, second).jsonPath("$.position").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM queue_entries WHERE queue_id = :q", queue)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'queue.consumer.entered' AND aggregate_id = :q", queue)).isEqualTo(2);
        status(queue, UUID.randomUUID()).jsonPath("$.status").isEqualTo("NOT_QUEUED");
    }

    @Test
    void whenAdmittingThenFirstInFirstOutAndEachConsumerOnce() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1200)));
        List<UUID> consumers = IntStream.range(0, 30).mapToObj(i -> UUID.randomUUID()).toList();
        consumers.forEach(consumer -> enter(queue, consumer));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM queue_entries WHERE queue_id = :q AND status = 'GRANTED'", queue) == 30);
        List<UUID> grantOrder = result(db.sql("SELECT consumer_id FROM queue_entries WHERE queue_id = :q ORDER BY granted_at, seq")
                .bind("q", uuid(queue)).map(row -> row.get(0, UUID.class)).all().collectList());
        assertThat(grantOrder).containsExactlyElementsOf(consumers);
        assertThat(count("SELECT count(DISTINCT payload->>'consumerId') FROM outbox WHERE type = 'queue.consumer.admitted' AND aggregate_id = :q", queue)).isEqualTo(30);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'queue.consumer.admitted' AND aggregate_id = :q", queue)).isEqualTo(30);
    }

    @Test
    void whenMaxAdmissionsIsReachedThenNobodyElseIsAdmitted() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(60000).maxAdmissions(5)));
        IntStream.range(0, 12).forEach(i -> enter(queue, UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(10)).until(() -> granted(queue) == 5);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> granted(queue) == 5);
        assertThat(count("SELECT admitted_total FROM queue_lines WHERE queue_id = :q", queue)).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM queue_entries WHERE queue_id = :q AND status = 'QUEUED'", queue)).isEqualTo(7);
    }

    @Test
    void whenTheMerchantStopsTheQueueThenNobodyElseIsAdmittedOrJoins() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1)));
        IntStream.range(0, 5).forEach(i -> enter(queue, UUID.randomUUID()));
        // Stopped, and at a rate that would admit everyone at once if the stop were ignored.
        result(db.sql("UPDATE queues SET status_override = 'ended', status_override_at = now(), admit_rate = 60000 WHERE id = :q")
                .bind("q", uuid(queue)).then().thenReturn(true));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> granted(queue) == 0);
        http.post().uri("/api/v1/queues/{id}/enter", queue).header(InternalContext.HEADER, consumer(UUID.randomUUID())).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("QUEUE_CLOSED");
    }

    @Test
    void whenGrantedThenTheGrantVerifiesOfflineValidatesAndCompletesOnce() throws Exception {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(6000)));
        UUID consumer = UUID.randomUUID();
        enter(queue, consumer);
        AtomicReference<String> grant = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> status(queue, consumer).jsonPath("$.status").isEqualTo("GRANTED")
                .jsonPath("$.admissionGrant").value(value -> grant.set((String) value)));

        String jwks = http.get().uri("/api/v1/.well-known/jwks.json").header(InternalContext.HEADER, consumer(consumer))
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        SignedJWT jwt = SignedJWT.parse(grant.get());
        ECKey key = JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getClaim("distributionId")).isEqualTo(queue);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(Ids.format("cons", consumer));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(500));

        String cons = Ids.format("cons", consumer);
        server(queue, "validate", Map.of("consumerId", cons, "admissionGrant", grant.get())).expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(true);
        String tampered = grant.get().substring(0, grant.get().length() - 4) + "AAAA";
        server(queue, "validate", Map.of("consumerId", cons, "admissionGrant", tampered)).expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(false);
        server(queue, "complete", Map.of("consumerId", cons, "admissionGrant", grant.get())).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        server(queue, "complete", Map.of("consumerId", cons)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");
        server(queue, "validate", Map.of("consumerId", cons, "admissionGrant", grant.get())).expectStatus().isOk()
                .expectBody().jsonPath("$.valid").isEqualTo(false).jsonPath("$.reason").isEqualTo("ALREADY_COMPLETED");
        status(queue, consumer).jsonPath("$.status").isEqualTo("COMPLETED");
    }

    @Test
    void whenAGrantExpiresThenTheConsumerIsDeniedOrRecycledToTheirPlace() {
        String denying = result(queues.create(org, QueueFixtures.Spec.rate(6000).expiresAfter(1, false)));
        UUID consumer = UUID.randomUUID();
        enter(denying, consumer);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> status(denying, consumer)
                .jsonPath("$.status").isEqualTo("DENIED").jsonPath("$.reason").isEqualTo("ADMISSION_EXPIRED"));

        String recycling = result(queues.create(org, QueueFixtures.Spec.rate(6000).maxAdmissions(1).expiresAfter(1, true)));
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        enter(recycling, early);
        await().atMost(Duration.ofSeconds(10)).until(() -> granted(recycling) == 1);
        enter(recycling, late);
        // maxAdmissions=1 is used up, so the recycled consumer waits again, ahead of the later arrival.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> status(recycling, early)
                .jsonPath("$.status").isEqualTo("QUEUED").jsonPath("$.position").isEqualTo(1));
        status(recycling, late).jsonPath("$.position").isEqualTo(2);
    }

    @Test
    void whenRedisLosesEverythingThenTheLineIsRebuiltWithEveryPlaceIntact() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1)));
        List<UUID> consumers = IntStream.range(0, 25).mapToObj(i -> UUID.randomUUID()).toList();
        consumers.forEach(consumer -> enter(queue, consumer));
        UUID leaver = consumers.get(3);
        http.post().uri("/api/v1/queues/{id}/leave", queue).header(InternalContext.HEADER, consumer(leaver)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("LEFT");

        deleteAllKeys();

        status(queue, leaver).jsonPath("$.status").isEqualTo("LEFT");
        for (int i = 0; i < consumers.size(); i++) {
            if (i != 3) {
                status(queue, consumers.get(i)).jsonPath("$.status").isEqualTo("QUEUED").jsonPath("$.position").isEqualTo(i < 3 ? i + 1 : i);
            }
        }
        enter(queue, UUID.randomUUID()).jsonPath("$.position").isEqualTo(25);
    }

    @Test
    void whenABatchIsMirroredThenItAnswersTheStatusPositionsAndNeverWritesIntoAMissingIndex() {
        UUID queue = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<Entry> batch = List.of(waiting(queue, first, 7), waiting(queue, second, 9));
        StepVerifier.create(index.placeJoined(queue, batch))
                .assertNext(placed -> assertThat(placed.indexMissing()).isTrue())
                .verifyComplete();
        assertThat(redis.sync().exists(index.keys().line(queue), index.keys().state(queue))).as("no partial index without meta").isZero();

        redis.sync().hset(index.keys().meta(queue), "admitted", "0");
        StepVerifier.create(index.placeJoined(queue, batch))
                .assertNext(placed -> {
                    assertThat(placed.indexMissing()).isFalse();
                    assertThat(placed.positions()).containsEntry(first, new IndexState.Queued(1)).containsEntry(second, new IndexState.Queued(2));
                })
                .verifyComplete();
        StepVerifier.create(index.status(queue, second)).expectNext(new IndexState.Queued(2)).verifyComplete();
    }

    private static Entry waiting(UUID queue, UUID consumer, long seq) {
        return new Entry(queue, consumer, seq, "QUEUED", Instant.now(), null, null, null, null, null, null);
    }

    @Test
    void whenTheQueueIsNotOpenClosedFullOrGuestOnlyThenTheDocumentedAnswers() {
        String upcoming = result(queues.create(org, QueueFixtures.Spec.rate(10).window(Instant.now().plusSeconds(3600), null)));
        http.post().uri("/api/v1/queues/{id}/enter", upcoming).header(InternalContext.HEADER, consumer(UUID.randomUUID())).exchange()
                .expectStatus().isEqualTo(423).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.error").isEqualTo("Queue is not open yet");

        String closed = result(queues.create(org, QueueFixtures.Spec.rate(10).window(Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600))));
        http.post().uri("/api/v1/queues/{id}/enter", closed).header(InternalContext.HEADER, consumer(UUID.randomUUID())).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("QUEUE_CLOSED");

        String small = result(queues.create(org, QueueFixtures.Spec.rate(1).capacity(2)));
        enter(small, UUID.randomUUID());
        enter(small, UUID.randomUUID());
        http.post().uri("/api/v1/queues/{id}/enter", small).header(InternalContext.HEADER, consumer(UUID.randomUUID())).exchange()
                .expectStatus().isEqualTo(429).expectHeader().valueEquals("Retry-After", "30")
                .expectHeader().doesNotExist("X-RateLimit-Remaining")
                .expectBody().jsonPath("$.error").isEqualTo("Queue is full").jsonPath("$.code").isEqualTo("QUEUE_FULL");

        String members = result(queues.create(org, QueueFixtures.Spec.rate(10).guests(false)));
        http.post().uri("/api/v1/queues/{id}/enter", members)
                .header(InternalContext.HEADER, TestContexts.consumer(org, Environment.LIVE, UUID.randomUUID(), true)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("GUEST_NOT_ALLOWED");
    }

    @Test
    void whenLeavingThenOutAndRejoiningGoesToTheBack() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1)));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        enter(queue, a);
        enter(queue, b);
        http.post().uri("/api/v1/queues/{id}/leave", queue).header(InternalContext.HEADER, consumer(a)).exchange().expectStatus().isOk();
        status(queue, b).jsonPath("$.position").isEqualTo(1);
        http.post().uri("/api/v1/queues/{id}/leave", queue).header(InternalContext.HEADER, consumer(a)).exchange().expectStatus().isNotFound();
        enter(queue, a).jsonPath("$.position").isEqualTo(2);
    }

    @Test
    void whenAnotherTenantOrAnAdminKeyUsesConsumerRoutesThenRefused() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1)));
        http.post().uri("/api/v1/queues/{id}/enter", queue)
                .header(InternalContext.HEADER, TestContexts.consumer(UUID.randomUUID(), UUID.randomUUID())).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Queue not found");
        http.post().uri("/api/v1/queues/{id}/enter", queue)
                .header(InternalContext.HEADER, TestContexts.consumer(org, Environment.TEST, UUID.randomUUID(), false)).exchange()
                .expectStatus().isNotFound();
        http.post().uri("/api/v1/queues/{id}/enter", queue).header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isUnauthorized();
        http.post().uri("/api/v1/queues/{id}/admit", queue).header(InternalContext.HEADER, consumer(UUID.randomUUID()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerId", Ids.newId("cons"))).exchange()
                .expectStatus().isUnauthorized();
        http.post().uri("/api/v1/queues/{id}/enter", "queue_x").header(InternalContext.HEADER, consumer(UUID.randomUUID())).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void whenTheMerchantAdmitsOrDeniesThenTheConsumerSeesIt() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(1)));
        UUID lucky = UUID.randomUUID();
        UUID blocked = UUID.randomUUID();
        enter(queue, UUID.randomUUID());
        enter(queue, lucky);
        enter(queue, blocked);
        server(queue, "admit", Map.of("consumerId", Ids.format("cons", lucky))).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("GRANTED").jsonPath("$.admissionGrant").exists();
        server(queue, "deny", Map.of("consumerId", Ids.format("cons", blocked), "reason", "BOT_DETECTED")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DENIED").jsonPath("$.reason").isEqualTo("BOT_DETECTED");
        status(queue, blocked).jsonPath("$.status").isEqualTo("DENIED").jsonPath("$.reason").isEqualTo("BOT_DETECTED");
        server(queue, "deny", Map.of("consumerId", Ids.format("cons", blocked), "reason", "BECAUSE")).expectStatus().isBadRequest();
        server(queue, "admit", Map.of("consumerId", "nope")).expectStatus().isBadRequest();
        server(queue, "admit", Map.of("consumerId", Ids.format("cons", lucky), "extra", 1)).expectStatus().isBadRequest();
    }

    @Test
    void whenWatchingTheStreamThenAdmissionArrivesAsAnEvent() {
        String queue = result(queues.create(org, QueueFixtures.Spec.rate(30)));
        UUID consumer = UUID.randomUUID();
        enter(queue, consumer);
        var events = http.get().uri("/api/v1/queues/{id}/status", queue).header(InternalContext.HEADER, consumer(consumer))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { }).getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().get("status").stringValue());
        StepVerifier.create(events)
                .expectNext("QUEUED")
                .expectNext("GRANTED")
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    private WebTestClient.BodyContentSpec enter(String queue, UUID consumer) {
        return http.post().uri("/api/v1/queues/{id}/enter", queue).header(InternalContext.HEADER, consumer(consumer)).exchange()
                .expectStatus().isOk().expectBody();
    }

    private WebTestClient.BodyContentSpec status(String queue, UUID consumer) {
        return http.get().uri("/api/v1/queues/{id}/status", queue).header(InternalContext.HEADER, consumer(consumer)).exchange()
                .expectStatus().isOk().expectBody();
    }

    private WebTestClient.ResponseSpec server(String queue, String action, Map<String, ?> body) {
        return http.post().uri("/api/v1/queues/{id}/" + action, queue).header(InternalContext.HEADER, TestContexts.admin(org))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String consumer(UUID consumer) {
        return TestContexts.consumer(org, consumer);
    }

    private long granted(String queue) {
        return count("SELECT count(*) FROM queue_entries WHERE queue_id = :q AND status IN ('GRANTED', 'COMPLETED')", queue);
    }

    private long count(String sql, String queue) {
        return result(db.sql(sql).bind("q", sql.contains("aggregate_id") ? queue : uuid(queue))
                .map(row -> ((Number) row.get(0)).longValue()).one());
    }

    private void deleteAllKeys() {
        var sync = redis.sync();
        var cursor = sync.scan(ScanArgs.Builder.matches(namespace + ":*").limit(1000));
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                sync.del(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = sync.scan(cursor, ScanArgs.Builder.matches(namespace + ":*").limit(1000));
        }
    }

    private static UUID uuid(String queue) {
        return Ids.parse("queue", queue).orElseThrow();
    }

    static <T> T result(Mono<T> mono) {
        AtomicReference<T> result = new AtomicReference<>();
        StepVerifier.create(mono).consumeNextWith(result::set).verifyComplete();
        return result.get();
    }
}
