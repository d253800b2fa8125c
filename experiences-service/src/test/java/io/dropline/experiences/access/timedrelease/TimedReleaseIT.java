package io.dropline.experiences.access.timedrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Timed releases on one instance: the Admin API, the consumer's journey, grants, timing, isolation and bad input. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dropline.distribution.timers.poll-interval=100ms", "dropline.distribution.status-stream.poll=100ms"})
@AutoConfigureWebTestClient(timeout = "20s")
class TimedReleaseIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    AdminCalls api;
    String experienceId;
    String sequenceId;

    @BeforeEach
    void newTenantWithASequence() {
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        experienceId = api.post("/api/v1/experiences", Map.of("name", "Drop", "timeZone", "Europe/Berlin")).get("id").stringValue();
        sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
    }

    private Map<String, Object> release(Object... pairs) {
        Map<String, Object> body = new HashMap<>(Map.of("sequenceId", sequenceId, "name", "Noon drop", "supportsGuest", true));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private String consumer(UUID consumer) {
        return TestContexts.consumer(org, consumer);
    }

    // ---- Admin API --------------------------------------------------------------------------------------------

    @Test
    void whenCreatedThenShownReadListedAndInTheDistributionsView() {
        Instant close = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        JsonNode created = api.post("/api/v1/timed-releases", release("closeAt", close.toString(), "metadata", Map.of("k", "v")));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("trel", id)).isPresent();
        assertThat(created.get("status").stringValue()).isEqualTo("OPEN");
        assertThat(created.get("timing").stringValue()).isEqualTo("active");
        assertThat(created.get("sequenceId").stringValue()).isEqualTo(sequenceId);
        assertThat(created.get("experienceId").stringValue()).isEqualTo(experienceId);
        assertThat(api.get("/api/v1/timed-releases/" + id).get("closeAt").stringValue()).isEqualTo(close.toString());
        assertThat(api.get("/api/v1/timed-releases?sequenceId=" + sequenceId).get("data").get(0).get("id").stringValue()).isEqualTo(id);
        JsonNode listed = api.get("/api/v1/distributions?type=timed_release").get("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("type").stringValue()).isEqualTo("timed_release");
        assertThat(api.get("/api/v1/distributions/" + id).get("name").stringValue()).isEqualTo("Noon drop");
        JsonNode included = api.get("/api/v1/experiences/" + experienceId + "?include=distributions");
        assertThat(included.toString()).contains(id);
    }

    @Test
    void whenNestedInASequenceCreateThenCreatedWithIt() {
        JsonNode sequence = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "Early",
                "timedReleases", List.of(Map.of("name", "A", "supportsGuest", false, "openAt", "2031-01-01T10:00:00"))));
        JsonNode listed = api.get("/api/v1/timed-releases?sequenceId=" + sequence.get("id").stringValue()).get("data");
        assertThat(listed).hasSize(1);
        // A local date-time is read in the experience's zone (Europe/Berlin, UTC+1 in winter).
        assertThat(listed.get(0).get("openAt").stringValue()).isEqualTo("2031-01-01T09:00:00Z");
        assertThat(listed.get(0).get("status").stringValue()).isEqualTo("SCHEDULED");
    }

    @Test
    void whenNestedInAnExperienceCreateThenCreatedWithItsSequence() {
        JsonNode experience = api.post("/api/v1/experiences", Map.of("name", "Nested", "sequence", Map.of("name", "S",
                "timedReleases", List.of(Map.of("name", "A", "supportsGuest", true)))));
        assertThat(api.get("/api/v1/timed-releases?experienceId=" + experience.get("id").stringValue()).get("data")).hasSize(1);
    }

    @Test
    void whenClosedThenUpdateIsAConflictAndDeleteWorksWithoutLiveGrants() {
        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        api.put("/api/v1/timed-releases/" + id, Map.of("statusOverride", "ended"));
        api.send("PUT", "/api/v1/timed-releases/" + id, Map.of("name", "Again")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("DISTRIBUTION_CLOSED");
        api.send("DELETE", "/api/v1/timed-releases/" + id, null).expectStatus().isOk().expectBody();
        api.send("GET", "/api/v1/timed-releases/" + id, null).expectStatus().isNotFound().expectBody();
    }

    @Test
    void whenAConsumerHoldsALiveGrantThenDeleteIsRefused() {
        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        enter(id, UUID.randomUUID()).expectStatus().isOk().expectBody();
        api.send("DELETE", "/api/v1/timed-releases/" + id, null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("DISTRIBUTION_ACTIVE");
    }

    // ---- Consumer journey and grants ----------------------------------------------------------------------------

    @Test
    void whenEnteredWhileOpenThenGrantedAtOnceWithTheCloseAsExpiryAndIdempotent() {
        Instant close = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = api.post("/api/v1/timed-releases", release("closeAt", close.toString())).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        JsonNode first = body(enter(id, consumer).expectStatus().isOk());
        assertThat(first.get("status").stringValue()).isEqualTo("GRANTED");
        assertThat(first.get("admissionGrant").stringValue()).isNotBlank();
        assertThat(first.get("expiresAt").stringValue()).isEqualTo(close.toString());
        JsonNode again = body(enter(id, consumer).expectStatus().isOk());
        assertThat(again.get("status").stringValue()).isEqualTo("GRANTED");
        api.expectCount("SELECT count(*) FROM timed_release_entries WHERE distribution_id = '" + uuid(id) + "'", 1);
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'timed_release.consumer.admitted' AND aggregate_id = '" + id + "'", 1);
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'timed_release.consumer.entered' AND aggregate_id = '" + id + "'", 1);
        JsonNode status = body(http.get().uri("/api/v1/timed-releases/{id}/status", id).header(InternalContext.HEADER, consumer(consumer))
                .exchange().expectStatus().isOk());
        assertThat(status.get("status").stringValue()).isEqualTo("GRANTED");
    }

    @Test
    void whenEnteredBeforeOpenAtThen423WithRetryAfterAndNothingRecorded() {
        Instant open = Instant.now().plus(90, ChronoUnit.SECONDS);
        String id = api.post("/api/v1/timed-releases", release("openAt", open.toString())).get("id").stringValue();
        enter(id, UUID.randomUUID()).expectStatus().isEqualTo(423)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(60L, 92L))
                .expectBody().jsonPath("$.code").isEqualTo("TIMED_RELEASE_NOT_OPEN");
        api.expectCount("SELECT count(*) FROM timed_release_entries WHERE distribution_id = '" + uuid(id) + "'", 0);
    }

    @Test
    void whenEnteredAfterCloseThen400ClosedAndNothingRecorded() {
        String id = api.post("/api/v1/timed-releases", release("openAt", "2020-01-01T00:00:00Z", "closeAt", "2020-01-02T00:00:00Z"))
                .get("id").stringValue();
        enter(id, UUID.randomUUID()).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("TIMED_RELEASE_CLOSED");
        api.expectCount("SELECT count(*) FROM timed_release_entries WHERE distribution_id = '" + uuid(id) + "'", 0);
    }

    @Test
    void whenAGuestEntersAReleaseWithoutGuestsThen403() {
        String id = api.post("/api/v1/timed-releases", release("supportsGuest", false)).get("id").stringValue();
        http.post().uri("/api/v1/timed-releases/{id}/enter", id)
                .header(InternalContext.HEADER, TestContexts.consumer(org, Environment.LIVE, UUID.randomUUID(), true))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("GUEST_NOT_ALLOWED");
        http.post().uri("/api/v1/timed-releases/{id}/enter", api.post("/api/v1/timed-releases", release()).get("id").stringValue())
                .header(InternalContext.HEADER, TestContexts.consumer(org, Environment.LIVE, UUID.randomUUID(), true))
                .exchange().expectStatus().isOk().expectBody();
    }

    @Test
    void whenAGrantIsValidatedThenCompletedItCompletesExactlyOnce() {
        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        String grant = body(enter(id, consumer).expectStatus().isOk()).get("admissionGrant").stringValue();
        String consumerId = Ids.format("cons", consumer);
        api.send("POST", "/api/v1/timed-releases/" + id + "/validate", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true).jsonPath("$.timedReleaseId").isEqualTo(id);
        api.send("POST", "/api/v1/timed-releases/" + id + "/complete", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        api.send("POST", "/api/v1/timed-releases/" + id + "/complete", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");
        api.send("POST", "/api/v1/timed-releases/" + id + "/validate", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(false).jsonPath("$.reason").isEqualTo("ALREADY_COMPLETED");
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'timed_release.consumer.completed' AND aggregate_id = '" + id + "'", 1);
    }

    @Test
    void whenTwentyCompletionsOfOneGrantRaceThenExactlyOneSucceeds() {
        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        String grant = body(enter(id, consumer).expectStatus().isOk()).get("admissionGrant").stringValue();
        Map<String, String> action = Map.of("consumerId", Ids.format("cons", consumer), "admissionGrant", grant);
        List<Integer> statuses = Flux.range(0, 20)
                .flatMap(i -> http.post().uri("/api/v1/timed-releases/{id}/complete", id).header(InternalContext.HEADER, TestContexts.admin(org))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(action).exchange()
                        .returnResult(String.class).getResponseBody().then(reactor.core.publisher.Mono.just(0))
                        .onErrorReturn(0), 20)
                .collectList().block();
        assertThat(statuses).hasSize(20);
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'timed_release.consumer.completed' AND aggregate_id = '" + id + "'", 1);
        api.expectCount("SELECT count(*) FROM timed_release_entries WHERE status = 'COMPLETED' AND distribution_id = '" + uuid(id) + "'", 1);
    }

    @Test
    void whenAnotherReleasesGrantIsPresentedThenItIsNotValid() {
        String first = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        String second = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        String grant = body(enter(first, consumer).expectStatus().isOk()).get("admissionGrant").stringValue();
        api.send("POST", "/api/v1/timed-releases/" + second + "/validate", Map.of("consumerId", Ids.format("cons", consumer), "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(false).jsonPath("$.reason").isEqualTo("INVALID_GRANT");
    }

    @Test
    void whenLeftOrDeniedThenTheGrantIsRevoked() {
        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        UUID leaver = UUID.randomUUID();
        UUID denied = UUID.randomUUID();
        String grant = body(enter(id, leaver).expectStatus().isOk()).get("admissionGrant").stringValue();
        enter(id, denied).expectStatus().isOk().expectBody();
        http.post().uri("/api/v1/timed-releases/{id}/leave", id).header(InternalContext.HEADER, consumer(leaver))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("LEFT");
        api.send("POST", "/api/v1/timed-releases/" + id + "/validate", Map.of("consumerId", Ids.format("cons", leaver), "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.reason").isEqualTo("GRANT_REVOKED");
        api.send("POST", "/api/v1/timed-releases/" + id + "/deny", Map.of("consumerId", Ids.format("cons", denied), "reason", "BOT_DETECTED"))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DENIED").jsonPath("$.reason").isEqualTo("BOT_DETECTED");
        JsonNode consumers = api.get("/api/v1/distributions/" + id + "/consumers?status=DENIED").get("data");
        assertThat(consumers).hasSize(1);
        assertThat(consumers.get(0).get("consumerId").stringValue()).isEqualTo(Ids.format("cons", denied));
    }

    @Test
    void whenTheStatusIsStreamedThenTheCurrentStateComesFirstAndTheStreamEndsAtAFinalState() {
        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        enter(id, consumer).expectStatus().isOk().expectBody();
        Flux<ServerSentEvent<String>> events = http.get().uri("/api/v1/timed-releases/{id}/status", id)
                .header(InternalContext.HEADER, consumer(consumer)).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).getResponseBody().filter(event -> event.data() != null);
        StepVerifier.create(events)
                .assertNext(event -> assertThat(event.data()).contains("\"GRANTED\""))
                .then(() -> api.send("POST", "/api/v1/timed-releases/" + id + "/deny", Map.of("consumerId", Ids.format("cons", consumer)))
                        .expectStatus().isOk().expectBody())
                .assertNext(event -> assertThat(event.data()).contains("\"DENIED\""))
                .expectComplete()
                .verify(Duration.ofSeconds(15));
    }

    @Test
    void whenOpenAndCloseArePassedThenTheLifecycleEventsArePublishedOnce() {
        Instant close = Instant.now().plus(1, ChronoUnit.SECONDS);
        String id = api.post("/api/v1/timed-releases", release("closeAt", close.toString())).get("id").stringValue();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                api.expectCount("SELECT count(*) FROM outbox WHERE type = 'distribution.closed' AND aggregate_id = '" + id + "'", 1));
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'distribution.opened' AND aggregate_id = '" + id + "'", 1);
    }

    // ---- Tenant isolation and bad input -------------------------------------------------------------------------

    @Test
    void whenAnotherOrganizationOrTheTestEnvironmentAsksThenEveryRouteIs404() {
        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        enter(id, consumer).expectStatus().isOk().expectBody();
        UUID other = UUID.randomUUID();
        Map<String, Object> action = Map.of("consumerId", Ids.format("cons", consumer));
        for (String admin : List.of(TestContexts.admin(other), TestContexts.admin(org, Environment.TEST))) {
            api.send("GET", "/api/v1/timed-releases/" + id, null, admin).expectStatus().isNotFound().expectBody();
            api.send("PUT", "/api/v1/timed-releases/" + id, Map.of("name", "x"), admin).expectStatus().isNotFound().expectBody();
            api.send("DELETE", "/api/v1/timed-releases/" + id, null, admin).expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/distributions/" + id, null, admin).expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/distributions/" + id + "/consumers", null, admin).expectStatus().isNotFound().expectBody();
            for (String action1 : List.of("deny", "complete", "validate")) {
                api.send("POST", "/api/v1/timed-releases/" + id + "/" + action1, action, admin).expectStatus().isNotFound().expectBody();
            }
            assertThat(api.send("GET", "/api/v1/timed-releases", null, admin).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("data")).isEmpty();
        }
        for (String outsider : List.of(TestContexts.consumer(other, consumer), TestContexts.consumer(org, Environment.TEST, consumer, false))) {
            for (String path : List.of("enter", "leave")) {
                api.send("POST", "/api/v1/timed-releases/" + id + "/" + path, null, outsider).expectStatus().isNotFound().expectBody();
            }
            api.send("GET", "/api/v1/timed-releases/" + id + "/status", null, outsider).expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/timed-releases/" + id, null, outsider).expectStatus().isNotFound().expectBody();
        }
        api.expectCount("SELECT count(*) FROM timed_release_entries WHERE distribution_id = '" + uuid(id) + "' AND status = 'GRANTED'", 1);
    }

    @Test
    void whenBodiesAreBadThenEveryProblemIsOne400AndNothingChanges() {
        api.send("POST", "/api/v1/timed-releases", Map.of("name", "", "supportsGuest", "yes", "openAt", "soon",
                        "timeZone", "Mars/Base", "metadata", List.of(1), "extra", 1))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'sequenceId')]").exists()
                .jsonPath("$.details[?(@.field == 'name')]").exists()
                .jsonPath("$.details[?(@.field == 'supportsGuest')]").exists()
                .jsonPath("$.details[?(@.field == 'openAt')]").exists()
                .jsonPath("$.details[?(@.field == 'timeZone')]").exists()
                .jsonPath("$.details[?(@.field == 'metadata')]").exists()
                .jsonPath("$.details[?(@.field == 'extra')]").exists();
        api.send("POST", "/api/v1/timed-releases", release("openAt", "2031-01-02T00:00:00Z", "closeAt", "2031-01-01T00:00:00Z"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("closeAt");
        api.send("POST", "/api/v1/timed-releases", List.of(1)).expectStatus().isBadRequest().expectBody();
        api.send("POST", "/api/v1/timed-releases", release("name", "x".repeat(201))).expectStatus().isBadRequest().expectBody();
        api.send("POST", "/api/v1/timed-releases", release("sequenceId", "seq_00000000000000000000000000")).expectStatus().isNotFound().expectBody();
        http.post().uri("/api/v1/timed-releases").header(InternalContext.HEADER, TestContexts.admin(org))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":").exchange().expectStatus().isBadRequest().expectBody();
        api.expectCount("SELECT count(*) FROM timed_releases WHERE organization_id = '" + org + "'", 0);

        String id = api.post("/api/v1/timed-releases", release()).get("id").stringValue();
        api.send("PUT", "/api/v1/timed-releases/" + id, Map.of("statusOverride", "paused", "supportsGuest", 3))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'statusOverride')]").exists()
                .jsonPath("$.details[?(@.field == 'supportsGuest')]").exists();
        api.send("GET", "/api/v1/timed-releases?first=0", null).expectStatus().isBadRequest().expectBody();
        api.send("GET", "/api/v1/timed-releases?after=nope", null).expectStatus().isBadRequest().expectBody();
        api.send("GET", "/api/v1/timed-releases/trel_bad", null).expectStatus().isNotFound().expectBody();
        for (Object action : List.of(Map.of(), Map.of("consumerId", "nope"), Map.of("consumerId", 5), Map.of("consumerId",
                Ids.format("cons", UUID.randomUUID()), "reason", "WHIM"))) {
            api.send("POST", "/api/v1/timed-releases/" + id + "/deny", action).expectStatus().isBadRequest().expectBody();
        }
        api.send("POST", "/api/v1/timed-releases/" + id + "/complete", Map.of("consumerId", Ids.format("cons", UUID.randomUUID()),
                "admissionGrant", "not-a-grant")).expectStatus().isBadRequest().expectBody();
        assertThat(api.get("/api/v1/timed-releases/" + id).get("statusOverride").isNull()).isTrue();
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private WebTestClient.ResponseSpec enter(String id, UUID consumer) {
        return http.post().uri("/api/v1/timed-releases/{id}/enter", id).header(InternalContext.HEADER, consumer(consumer)).exchange();
    }

    private static JsonNode body(WebTestClient.ResponseSpec response) {
        return response.expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static UUID uuid(String id) {
        return Ids.parse("trel", id).orElseThrow();
    }
}
