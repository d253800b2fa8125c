package io.dropline.experiences.access.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** Waitlists on one instance: the Admin API, sign-ups and capacity, waves, the export, routing, isolation and bad input. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dropline.distribution.timers.poll-interval=100ms", "dropline.distribution.status-stream.poll=100ms"})
@AutoConfigureWebTestClient(timeout = "20s")
class WaitlistIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @LocalServerPort
    int port;

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

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

    private Map<String, Object> waitlist(Object... pairs) {
        Map<String, Object> body = new HashMap<>(Map.of("sequenceId", sequenceId, "name", "Restock"));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    // ---- Admin API --------------------------------------------------------------------------------------------

    @Test
    void whenCreatedThenShownListedInTheDistributionsViewAndOnePerSequence() {
        JsonNode created = api.post("/api/v1/waitlists", waitlist("capacity", 10, "notificationStrategy", "batched", "waveSize", 2));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("wl", id)).isPresent();
        assertThat(created.get("status").stringValue()).isEqualTo("OPEN");
        assertThat(created.get("signupCount").intValue()).isZero();
        assertThat(created.get("notificationStrategy").stringValue()).isEqualTo("batched");
        assertThat(api.get("/api/v1/waitlists?sequenceId=" + sequenceId).get("data")).hasSize(1);
        assertThat(api.get("/api/v1/distributions?type=waitlist").get("data").get(0).get("id").stringValue()).isEqualTo(id);
        assertThat(api.get("/api/v1/experiences/" + experienceId + "?include=distributions").toString()).contains(id);
        api.send("POST", "/api/v1/waitlists", waitlist()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("WAITLIST_EXISTS");
    }

    @Test
    void whenNestedInASequenceCreateThenCreatedWithIt() {
        JsonNode sequence = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "Launch",
                "waitlist", Map.of("capacity", 5)));
        assertThat(api.get("/api/v1/waitlists?sequenceId=" + sequence.get("id").stringValue()).get("data").get(0).get("capacity").intValue())
                .isEqualTo(5);
        JsonNode experience = api.post("/api/v1/experiences", Map.of("name", "Nested", "sequence", Map.of("name", "S",
                "waitlist", Map.of("name", "W"))));
        assertThat(api.get("/api/v1/waitlists?experienceId=" + experience.get("id").stringValue()).get("data")).hasSize(1);
    }

    @Test
    void whenClosedThenUpdateIsAConflict() {
        String id = api.post("/api/v1/waitlists", waitlist()).get("id").stringValue();
        api.put("/api/v1/waitlists/" + id, Map.of("statusOverride", "ended"));
        api.send("PUT", "/api/v1/waitlists/" + id, Map.of("capacity", 4)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("DISTRIBUTION_CLOSED");
    }

    // ---- Sign-ups ---------------------------------------------------------------------------------------------

    @Test
    void whenAConsumerSignsUpThenWaitingIdempotentAndLeavingFreesThePlace() {
        String id = api.post("/api/v1/waitlists", waitlist("capacity", 1)).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        JsonNode entered = body(enter(id, consumer).expectStatus().isOk());
        assertThat(entered.get("status").stringValue()).isEqualTo("WAITING");
        assertThat(entered.get("isEntered").booleanValue()).isTrue();
        assertThat(entered.get("waitlistId").stringValue()).isEqualTo(id);
        assertThat(entered.get("sequenceId").stringValue()).isEqualTo(sequenceId);
        enter(id, consumer).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WAITING");
        enter(id, UUID.randomUUID()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("WAITLIST_FULL");
        http.delete().uri("/api/v1/waitlists/{id}/leave", id).header(InternalContext.HEADER, TestContexts.consumer(org, consumer))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.left").isEqualTo(true);
        http.delete().uri("/api/v1/waitlists/{id}/leave", id).header(InternalContext.HEADER, TestContexts.consumer(org, consumer))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.left").isEqualTo(false);
        enter(id, UUID.randomUUID()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WAITING");
        assertThat(api.get("/api/v1/waitlists/" + id).get("signupCount").intValue()).isEqualTo(1);
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'waitlist.consumer.entered' AND aggregate_id = '" + id + "'", 2);
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'waitlist.consumer.left' AND aggregate_id = '" + id + "'", 1);
    }

    @Test
    void whenFiftyConsumersRaceForTenPlacesThenCapacityIsNeverExceeded() {
        String id = api.post("/api/v1/waitlists", waitlist("capacity", 10)).get("id").stringValue();
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        List<String> consumers = IntStream.range(0, 50).mapToObj(i -> TestContexts.consumer(org, UUID.randomUUID())).toList();
        List<Integer> statuses = Flux.fromIterable(consumers)
                .flatMap(consumer -> client.post().uri("/api/v1/waitlists/{id}/enter", id)
                        .header(InternalContext.HEADER, consumer)
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 16)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(10);
        api.expectCount("SELECT count(*) FROM waitlist_entries WHERE status = 'WAITING' AND distribution_id = '" + uuid(id) + "'", 10);
    }

    @Test
    void whenTheServerSignsUpThroughTheSequenceThenListedWithItsPriority() {
        String id = api.post("/api/v1/waitlists", waitlist()).get("id").stringValue();
        UUID vip = UUID.randomUUID();
        JsonNode entered = api.send("POST", "/api/v1/sequences/" + sequenceId + "/waitlist/enter",
                        Map.of("consumerId", Ids.format("cons", vip), "priority", 5))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(entered.get("priority").intValue()).isEqualTo(5);
        enter(id, UUID.randomUUID()).expectStatus().isOk().expectBody();
        JsonNode page = api.get("/api/v1/sequences/" + sequenceId + "/waitlist/consumers?first=1");
        assertThat(page.get("data")).hasSize(1);
        assertThat(page.get("data").get(0).get("consumerId").stringValue()).isEqualTo(Ids.format("cons", vip));
        assertThat(api.get("/api/v1/sequences/" + sequenceId + "/waitlist/consumers?status=WAITING").get("data")).hasSize(2);
        assertThat(api.get("/api/v1/distributions/" + id + "/consumers").get("data")).hasSize(2);
    }

    // ---- Waves ------------------------------------------------------------------------------------------------

    @Test
    void whenPriorityWavesRunThenHighestPriorityFirstAndEachConsumerNotifiedOnce() {
        String id = api.post("/api/v1/waitlists", waitlist("notificationStrategy", "priority", "waveSize", 2)).get("id").stringValue();
        List<UUID> consumers = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        for (int i = 0; i < consumers.size(); i++) {
            api.send("POST", "/api/v1/sequences/" + sequenceId + "/waitlist/enter", Map.of("consumerId", Ids.format("cons", consumers.get(i)),
                    "priority", i == 3 ? 10 : 0)).expectStatus().isOk().expectBody();
        }
        api.send("POST", "/api/v1/waitlists/" + id + "/waves", null).expectStatus().isAccepted().expectBody().jsonPath("$.wave").isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/waitlists/" + id).get("wavesSent").intValue() == 1);
        JsonNode notified = api.get("/api/v1/sequences/" + sequenceId + "/waitlist/consumers?status=NOTIFIED").get("data");
        assertThat(notified).hasSize(2);
        assertThat(notified.toString()).contains(Ids.format("cons", consumers.get(3)), Ids.format("cons", consumers.get(0)));
        http.get().uri("/api/v1/waitlists/{id}/status", id).header(InternalContext.HEADER, TestContexts.consumer(org, consumers.get(3)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("NOTIFIED").jsonPath("$.notifiedWave").isEqualTo(1);
        api.send("POST", "/api/v1/waitlists/" + id + "/waves", null).expectStatus().isAccepted().expectBody().jsonPath("$.wave").isEqualTo(2);
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/waitlists/" + id).get("wavesSent").intValue() == 2);
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'waitlist.consumer.notified' AND aggregate_id = '" + id + "'", 4);
        api.expectCount("SELECT count(DISTINCT payload->>'consumerId') FROM outbox WHERE type = 'waitlist.consumer.notified' "
                + "AND aggregate_id = '" + id + "'", 4);
    }

    @Test
    void whenBatchedWavesAreScheduledThenTheyRunOneAfterAnotherUntilNobodyWaits() {
        String id = api.post("/api/v1/waitlists", waitlist("notificationStrategy", "batched", "waveSize", 2, "waveIntervalSeconds", 1))
                .get("id").stringValue();
        for (int i = 0; i < 5; i++) {
            enter(id, UUID.randomUUID()).expectStatus().isOk().expectBody();
        }
        // The first wave is armed at notifyAt; each wave arms the next while anyone still waits.
        api.put("/api/v1/waitlists/" + id, Map.of("notifyAt", Instant.now().plus(1, ChronoUnit.SECONDS).toString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/waitlists/" + id).get("wavesSent").intValue() == 3);
        api.expectCount("SELECT count(*) FROM waitlist_entries WHERE status = 'NOTIFIED' AND distribution_id = '" + uuid(id) + "'", 5);
        api.expectCount("SELECT count(DISTINCT notified_wave) FROM waitlist_entries WHERE distribution_id = '" + uuid(id) + "'", 3);
        api.expectCount("SELECT count(*) FROM outbox WHERE type = 'waitlist.consumer.notified' AND aggregate_id = '" + id + "'", 5);
        // Nobody waits any more: no fourth wave is armed.
        api.expectCount("SELECT count(*) FROM distribution_timers WHERE distribution_id = '" + uuid(id) + "' AND kind = 'wave:4'", 0);
    }

    // ---- Export -----------------------------------------------------------------------------------------------

    @Test
    void whenExportedThenACsvOfEverySignUpStreamedInSignUpOrder() {
        String id = api.post("/api/v1/waitlists", waitlist()).get("id").stringValue();
        List<UUID> consumers = IntStream.range(0, 120).mapToObj(i -> UUID.randomUUID()).toList();
        consumers.forEach(consumer -> enter(id, consumer).expectStatus().isOk().expectBody());
        // A reason that would be a formula in a spreadsheet must come out as text.
        api.sql("UPDATE waitlist_entries SET deny_reason = '=HYPERLINK(\"x\",\"y\")', status = 'DENIED' WHERE consumer_id = '"
                + consumers.get(0) + "'");
        Flux<DataBuffer> chunks = http.get().uri("/api/v1/waitlists/{id}/consumers.csv", id).header(InternalContext.HEADER, TestContexts.admin(org))
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectHeader().value("Content-Disposition", value -> assertThat(value).contains(id + ".csv"))
                .returnResult(DataBuffer.class).getResponseBody();
        String csv = DataBufferUtils.join(chunks).map(buffer -> {
            String text = buffer.toString(StandardCharsets.UTF_8);
            DataBufferUtils.release(buffer);
            return text;
        }).block(Duration.ofSeconds(10));
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(121);
        assertThat(lines.get(0)).isEqualTo("consumerId,status,priority,enteredAt,notifiedAt,notifiedWave,leftAt,deniedAt,denyReason");
        assertThat(lines.get(1)).startsWith(Ids.format("cons", consumers.get(0)) + ",DENIED,0,")
                .endsWith(",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
        assertThat(lines.get(120)).startsWith(Ids.format("cons", consumers.get(119)) + ",WAITING,0,");
        api.send("GET", "/api/v1/waitlists/wl_00000000000000000000000000/consumers.csv", null).expectStatus().isNotFound().expectBody();
    }

    // ---- Routing ----------------------------------------------------------------------------------------------

    @Test
    void whenTheSequencesQueueIsFullThenRoutingSendsTheOverflowToItsWaitlist() {
        String queueId = api.post("/api/v1/queues", Map.of("sequenceId", sequenceId, "name", "Main", "admitRate", 1, "capacity", 1))
                .get("id").stringValue();
        String waitlistId = api.post("/api/v1/waitlists", waitlist()).get("id").stringValue();
        http.post().uri("/api/v1/experiences/{id}/route", experienceId).header(InternalContext.HEADER, TestContexts.consumer(org, UUID.randomUUID()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.selected.sequence.availability").isEqualTo("open");
        http.post().uri("/api/v1/queues/{id}/enter", queueId).header(InternalContext.HEADER, TestContexts.consumer(org, UUID.randomUUID()))
                .exchange().expectStatus().isOk().expectBody();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.post().uri("/api/v1/experiences/{id}/route", experienceId)
                .header(InternalContext.HEADER, TestContexts.consumer(org, UUID.randomUUID()))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.outcome").isEqualTo("routed")
                .jsonPath("$.selected.sequence.availability").isEqualTo("waitlist")
                .jsonPath("$.selected.sequence.waitlistId").isEqualTo(waitlistId));
        http.get().uri("/api/v1/experiences/{id}", experienceId).header(InternalContext.HEADER, TestContexts.consumer(org, UUID.randomUUID()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.sequences[0].waitlist.id").isEqualTo(waitlistId);
    }

    @Test
    void whenSignedUpThenTheParticipationsListTheWaitlist() {
        String id = api.post("/api/v1/waitlists", waitlist()).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        enter(id, consumer).expectStatus().isOk().expectBody();
        http.get().uri("/internal/participations/{id}", Ids.format("cons", consumer))
                .header(InternalContext.HEADER, CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.INTERNAL,
                        Principal.service("consumer-service"), "req-" + UUID.randomUUID())))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.waitlists['" + id + "'].status").isEqualTo("WAITING")
                .jsonPath("$.waitlists['" + id + "'].sequenceId").isEqualTo(sequenceId);
    }

    // ---- Tenant isolation and bad input -------------------------------------------------------------------------

    @Test
    void whenAnotherOrganizationOrTheTestEnvironmentAsksThenEveryRouteIs404() {
        String id = api.post("/api/v1/waitlists", waitlist()).get("id").stringValue();
        UUID consumer = UUID.randomUUID();
        enter(id, consumer).expectStatus().isOk().expectBody();
        UUID other = UUID.randomUUID();
        for (String admin : List.of(TestContexts.admin(other), TestContexts.admin(org, Environment.TEST))) {
            api.send("GET", "/api/v1/waitlists/" + id, null, admin).expectStatus().isNotFound().expectBody();
            api.send("PUT", "/api/v1/waitlists/" + id, Map.of("name", "x"), admin).expectStatus().isNotFound().expectBody();
            api.send("DELETE", "/api/v1/waitlists/" + id, null, admin).expectStatus().isNotFound().expectBody();
            api.send("POST", "/api/v1/waitlists/" + id + "/waves", null, admin).expectStatus().isNotFound().expectBody();
            api.send("POST", "/api/v1/waitlists/" + id + "/deny", Map.of("consumerId", Ids.format("cons", consumer)), admin)
                    .expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/waitlists/" + id + "/consumers.csv", null, admin).expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/distributions/" + id + "/consumers", null, admin).expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/sequences/" + sequenceId + "/waitlist/consumers", null, admin).expectStatus().isNotFound().expectBody();
            api.send("POST", "/api/v1/sequences/" + sequenceId + "/waitlist/enter", Map.of("consumerId", Ids.format("cons", consumer)), admin)
                    .expectStatus().isNotFound().expectBody();
        }
        for (String outsider : List.of(TestContexts.consumer(other, consumer), TestContexts.consumer(org, Environment.TEST, consumer, false))) {
            api.send("POST", "/api/v1/waitlists/" + id + "/enter", null, outsider).expectStatus().isNotFound().expectBody();
            api.send("DELETE", "/api/v1/waitlists/" + id + "/leave", null, outsider).expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/waitlists/" + id + "/status", null, outsider).expectStatus().isNotFound().expectBody();
            api.send("GET", "/api/v1/waitlists/" + id, null, outsider).expectStatus().isNotFound().expectBody();
        }
        assertThat(api.get("/api/v1/waitlists/" + id).get("signupCount").intValue()).isEqualTo(1);
    }

    @Test
    void whenBodiesAreBadThenEveryProblemIsOne400AndNothingChanges() {
        api.send("POST", "/api/v1/waitlists", Map.of("capacity", 0, "notificationStrategy", "random", "waveSize", "two",
                        "notifyAt", "later", "supportsGuest", "no", "extra", true))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'sequenceId')]").exists()
                .jsonPath("$.details[?(@.field == 'capacity')]").exists()
                .jsonPath("$.details[?(@.field == 'notificationStrategy')]").exists()
                .jsonPath("$.details[?(@.field == 'waveSize')]").exists()
                .jsonPath("$.details[?(@.field == 'notifyAt')]").exists()
                .jsonPath("$.details[?(@.field == 'supportsGuest')]").exists()
                .jsonPath("$.details[?(@.field == 'extra')]").exists();
        api.send("POST", "/api/v1/waitlists", waitlist("notificationStrategy", "batched")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("waveSize");
        api.send("POST", "/api/v1/waitlists", "[]").expectStatus().isBadRequest().expectBody();
        api.expectCount("SELECT count(*) FROM waitlists WHERE organization_id = '" + org + "'", 0);

        String id = api.post("/api/v1/waitlists", waitlist()).get("id").stringValue();
        enter(id, UUID.randomUUID()).expectStatus().isOk().expectBody();
        enter(id, UUID.randomUUID()).expectStatus().isOk().expectBody();
        api.send("PUT", "/api/v1/waitlists/" + id, Map.of("capacity", 1)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("capacity");
        api.send("PUT", "/api/v1/waitlists/" + id, Map.of("statusOverride", "later")).expectStatus().isBadRequest().expectBody();
        api.send("GET", "/api/v1/waitlists?first=-1", null).expectStatus().isBadRequest().expectBody();
        api.send("GET", "/api/v1/sequences/" + sequenceId + "/waitlist/consumers?status=GONE", null).expectStatus().isBadRequest().expectBody();
        for (Object bad : List.of(Map.of(), Map.of("consumerId", "x"), Map.of("consumerId", Ids.format("cons", UUID.randomUUID()), "priority", "high"))) {
            api.send("POST", "/api/v1/sequences/" + sequenceId + "/waitlist/enter", bad).expectStatus().isBadRequest().expectBody();
        }
        api.send("POST", "/api/v1/waitlists/" + id + "/deny", Map.of("consumerId", 1)).expectStatus().isBadRequest().expectBody();
        JsonNode after = api.get("/api/v1/waitlists/" + id);
        assertThat(after.get("signupCount").intValue()).isEqualTo(2);
        assertThat(after.get("capacity").isNull()).isTrue();
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private WebTestClient.ResponseSpec enter(String id, UUID consumer) {
        return http.post().uri("/api/v1/waitlists/{id}/enter", id).header(InternalContext.HEADER, TestContexts.consumer(org, consumer)).exchange();
    }

    private static JsonNode body(WebTestClient.ResponseSpec response) {
        return response.expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static UUID uuid(String id) {
        return Ids.parse("wl", id).orElseThrow();
    }
}
