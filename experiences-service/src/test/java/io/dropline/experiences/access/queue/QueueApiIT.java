package io.dropline.experiences.access.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class QueueApiIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    QueueService queues;

    UUID org;
    AdminCalls api;
    String sequenceId;
    String experienceId;

    @BeforeEach
    void newTenantWithASequence() {
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        experienceId = api.post("/api/v1/experiences", Map.of("name", "Drop", "timeZone", "Europe/Berlin")).get("id").stringValue();
        sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
    }

    private Map<String, Object> queue(Object... pairs) {
        Map<String, Object> body = new HashMap<>(Map.of("sequenceId", sequenceId, "name", "Main", "admitRate", 60));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void whenCreatedThenAllFieldsShownWithDefaultsAndReadBack() {
        JsonNode created = api.post("/api/v1/queues", queue("capacity", 1000, "maxAdmissions", 500,
                "admissionExpirationSeconds", 600, "metadata", Map.of("tier", "vip")));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("queue", id)).isPresent();
        assertThat(created.get("organizationId").stringValue()).isEqualTo(Ids.format("org", org));
        assertThat(created.get("experienceId").stringValue()).isEqualTo(experienceId);
        assertThat(created.get("sequenceId").stringValue()).isEqualTo(sequenceId);
        assertThat(created.get("admitRate").intValue()).isEqualTo(60);
        assertThat(created.get("capacity").intValue()).isEqualTo(1000);
        assertThat(created.get("supportsGuest").booleanValue()).isTrue();
        assertThat(created.get("recycleExpiredSpots").booleanValue()).isFalse();
        assertThat(created.get("metadata").get("tier").stringValue()).isEqualTo("vip");
        assertThat(created.get("status").stringValue()).isEqualTo("OPEN");
        assertThat(created.get("timing").stringValue()).isEqualTo("active");
        assertThat(api.get("/api/v1/queues/" + id)).isEqualTo(created);
    }

    @Test
    void whenLegacyNamesAreUsedThenAcceptedButNotTogetherWithTheCurrentName() {
        JsonNode created = api.post("/api/v1/queues", Map.of("sequenceId", sequenceId, "name", "Legacy", "admissionRate", 30,
                "maxCapacity", 10, "sessionDurationSeconds", 120));
        assertThat(created.get("admitRate").intValue()).isEqualTo(30);
        assertThat(created.get("capacity").intValue()).isEqualTo(10);
        assertThat(created.get("admissionExpirationSeconds").intValue()).isEqualTo(120);

        api.send("POST", "/api/v1/queues", queue("admissionRate", 30)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("admissionRate");
        String id = created.get("id").stringValue();
        assertThat(api.put("/api/v1/queues/" + id, Map.of("maxCapacity", 20)).get("capacity").intValue()).isEqualTo(20);
    }

    @Test
    void whenDateTimesHaveNoOffsetThenReadInTheQueueZoneElseTheExperienceZone() {
        JsonNode own = api.post("/api/v1/queues", queue("openAt", "2030-07-01T10:00:00", "closeAt", "2030-07-01T12:00",
                "timeZone", "America/New_York"));
        assertThat(own.get("openAt").stringValue()).isEqualTo("2030-07-01T14:00:00Z");
        assertThat(own.get("closeAt").stringValue()).isEqualTo("2030-07-01T16:00:00Z");
        assertThat(own.get("status").stringValue()).isEqualTo("SCHEDULED");
        assertThat(own.get("timing").stringValue()).isEqualTo("upcoming");

        JsonNode inherited = api.post("/api/v1/queues", queue("openAt", "2030-07-01T10:00:00"));
        assertThat(inherited.get("openAt").stringValue()).isEqualTo("2030-07-01T08:00:00Z");

        JsonNode offset = api.post("/api/v1/queues", queue("openAt", "2030-07-01T10:00:00+02:00"));
        assertThat(offset.get("openAt").stringValue()).isEqualTo("2030-07-01T08:00:00Z");
    }

    @Test
    void whenPartiallyUpdatedThenOnlyGivenFieldsChangeAndCloseAtIsCheckedAgainstTheStoredOpenAt() {
        String id = api.post("/api/v1/queues", queue("openAt", "2030-01-01T00:00:00Z", "capacity", 5)).get("id").stringValue();
        JsonNode renamed = api.put("/api/v1/queues/" + id, Map.of("name", "Renamed"));
        assertThat(renamed.get("capacity").intValue()).isEqualTo(5);
        assertThat(renamed.get("openAt").stringValue()).isEqualTo("2030-01-01T00:00:00Z");
        Map<String, Object> unlimited = new HashMap<>();
        unlimited.put("capacity", null);
        assertThat(api.put("/api/v1/queues/" + id, unlimited).get("capacity").isNull()).isTrue();
        api.send("PUT", "/api/v1/queues/" + id, Map.of("closeAt", "2029-12-31T00:00:00Z")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("closeAt");
        api.send("PUT", "/api/v1/queues/" + id, Map.of("sequenceId", sequenceId)).expectStatus().isBadRequest();
        api.send("PUT", "/api/v1/queues/" + id, "{\"name\": ").expectStatus().isBadRequest();
        JsonNode after = api.get("/api/v1/queues/" + id);
        assertThat(after.get("name").stringValue()).isEqualTo("Renamed");
        assertThat(after.get("closeAt").isNull()).isTrue();
    }

    @Test
    void whenQueueIsClosedThenUpdatesAreConflictsButStoppingStillWorks() {
        String id = api.post("/api/v1/queues", queue("openAt", "2020-01-01T00:00:00Z", "closeAt", "2020-01-02T00:00:00Z"))
                .get("id").stringValue();
        assertThat(api.get("/api/v1/queues/" + id).get("status").stringValue()).isEqualTo("CLOSED");
        assertThat(api.get("/api/v1/queues/" + id).get("timing").stringValue()).isEqualTo("ended");
        api.send("PUT", "/api/v1/queues/" + id, Map.of("admitRate", 10)).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("DISTRIBUTION_CLOSED")
                .jsonPath("$.error").isEqualTo("Cannot update closed distribution");

        JsonNode stopped = api.put("/api/v1/queues/" + id, Map.of("statusOverride", "ended"));
        assertThat(stopped.get("timing").stringValue()).isEqualTo("killed");
    }

    @Test
    void whenStoppedThenKilledAndCannotBeReopenedOrChanged() {
        String id = api.post("/api/v1/queues", queue()).get("id").stringValue();
        Instant before = Instant.now().minusSeconds(1);
        JsonNode stopped = api.put("/api/v1/queues/" + id, Map.of("statusOverride", "ended", "admitRate", 90));
        assertThat(stopped.get("statusOverride").stringValue()).isEqualTo("ended");
        assertThat(stopped.get("statusOverrideBy").stringValue()).isEqualTo("key_test");
        assertThat(Instant.parse(stopped.get("statusOverrideAt").stringValue())).isAfter(before);
        assertThat(stopped.get("admitRate").intValue()).isEqualTo(90);
        assertThat(stopped.get("status").stringValue()).isEqualTo("CLOSED");
        assertThat(stopped.get("timing").stringValue()).isEqualTo("killed");

        Map<String, Object> reopen = new HashMap<>();
        reopen.put("statusOverride", null);
        api.send("PUT", "/api/v1/queues/" + id, reopen).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("DISTRIBUTION_CLOSED")
                .jsonPath("$.error").isEqualTo("Cannot reopen ended distribution");
        api.send("PUT", "/api/v1/queues/" + id, Map.of("name", "Again")).expectStatus().isEqualTo(409);
        assertThat(api.get("/api/v1/queues/" + id).get("name").stringValue()).isEqualTo("Main");
        StepVerifier.create(queues.settings(Ids.parse("queue", id).orElseThrow()))
                .assertNext(settings -> assertThat(settings.stopped()).isTrue())
                .verifyComplete();
    }

    @Test
    void whenConsumersAreWaitingOrHoldAGrantThenDeleteIsAConflict() {
        String id = api.post("/api/v1/queues", queue()).get("id").stringValue();
        api.enter(id, org, 1, "QUEUED", null);
        api.send("DELETE", "/api/v1/queues/" + id, null).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("DISTRIBUTION_ACTIVE");
        api.sql("UPDATE queue_entries SET status = 'GRANTED', grant_expires_at = now() + interval '5 minutes'");
        api.send("DELETE", "/api/v1/queues/" + id, null).expectStatus().isEqualTo(409);
        api.sql("UPDATE queue_entries SET grant_expires_at = now() - interval '1 minute'");
        api.send("DELETE", "/api/v1/queues/" + id, null).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id);
        api.send("GET", "/api/v1/queues/" + id, null).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Queue not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "{\"admitRate\": 0}", "{\"admitRate\": -5}", "{\"admitRate\": 100001}",
            "{\"admitRate\": 1.5}", "{\"admitRate\": \"60\"}", "{\"admitRate\": 99999999999999999999}", "{\"admitRate\": null}",
            "{\"capacity\": 0}", "{\"maxAdmissions\": -1}", "{\"admissionExpirationSeconds\": 0}",
            "{\"openAt\": \"2030-01-02T00:00:00Z\", \"closeAt\": \"2030-01-01T00:00:00Z\"}",
            "{\"openAt\": \"2030-01-01T00:00:00Z\", \"closeAt\": \"2030-01-01T00:00:00Z\"}",
            "{\"openAt\": \"tomorrow\"}", "{\"openAt\": \"+999999999-01-01T00:00:00Z\"}", "{\"timeZone\": \"Mars/Olympus\"}",
            "{\"timeZone\": \"+02:00\"}", "{\"name\": \"nul\\u0000byte\"}", "{\"name\": \"   \"}", "{\"name\": null}",
            "{\"supportsGuest\": \"yes\"}", "{\"metadata\": [1]}", "{\"metadata\": {\"k\": \"\\u0000\"}}", "{\"status\": \"OPEN\"}",
            "{\"statusOverride\": \"ended\"}", "{\"sequenceId\": \"exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE\"}", "{\"sequenceId\": null}"})
    void whenCreateBodyIsBadThenBadRequestAndNothingStored(String overrides) {
        Object body = overrides;
        if (overrides.startsWith("{\"")) {
            // A valid body with the override applied, so that only the override is wrong.
            tools.jackson.databind.node.ObjectNode merged = tools.jackson.databind.json.JsonMapper.shared().valueToTree(queue());
            merged.setAll((tools.jackson.databind.node.ObjectNode) tools.jackson.databind.json.JsonMapper.shared().readTree(overrides));
            body = merged.toString();
        }
        api.send("POST", "/api/v1/queues", body).expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
        api.expectCount("SELECT count(*) FROM queues WHERE organization_id = '" + org + "'", 0);
    }

    @Test
    void whenSequenceIsUnknownOrForeignThenNotFound() {
        AdminCalls other = new AdminCalls(http, db, TestContexts.admin(UUID.randomUUID()));
        String foreignExperience = other.post("/api/v1/experiences", Map.of("name", "x")).get("id").stringValue();
        String foreignSequence = other.post("/api/v1/sequences", Map.of("experienceId", foreignExperience, "name", "s")).get("id").stringValue();
        for (String sequence : List.of(foreignSequence, Ids.newId("seq"))) {
            api.send("POST", "/api/v1/queues", queue("sequenceId", sequence)).expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Sequence not found");
        }
        api.expectCount("SELECT count(*) FROM queues WHERE organization_id = '" + org + "'", 0);
    }

    @Test
    void whenAnotherTenantOrEnvironmentUsesAnIdThenNotFoundAndNothingChanges() {
        String id = api.post("/api/v1/queues", queue()).get("id").stringValue();
        String consumer = AdminCalls.consumerSurface(org);
        // A publishable key reads the public view of this path (JourneyIT covers it); it can change nothing.
        api.send("GET", "/api/v1/queues/" + id, null, consumer).expectStatus().isOk()
                .expectBody().jsonPath("$.admitRate").doesNotExist().jsonPath("$.metadata").doesNotExist();
        for (String foreign : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST), consumer)) {
            if (!foreign.equals(consumer)) {
                api.send("GET", "/api/v1/queues/" + id, null, foreign).expectStatus().isNotFound();
            }
            api.send("PUT", "/api/v1/queues/" + id, Map.of("name", "Thief", "statusOverride", "ended"), foreign).expectStatus().isNotFound();
            api.send("DELETE", "/api/v1/queues/" + id, null, foreign).expectStatus().isNotFound();
            api.send("GET", "/api/v1/distributions/" + id, null, foreign).expectStatus().isNotFound();
            api.send("GET", "/api/v1/distributions/" + id + "/consumers", null, foreign).expectStatus().isNotFound();
            api.send("POST", "/api/v1/queues", queue("name", "Sneaky"), foreign).expectStatus().isNotFound();
        }
        JsonNode after = api.get("/api/v1/queues/" + id);
        assertThat(after.get("name").stringValue()).isEqualTo("Main");
        assertThat(after.get("statusOverride").isNull()).isTrue();
        api.expectCount("SELECT count(*) FROM queues WHERE organization_id = '" + org + "'", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue_x", "seq_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "queue_01jd3q6z8wq0x5t9r2m4n7b1ce"})
    void whenIdHasWrongShapeThenNotFound(String id) {
        api.send("GET", "/api/v1/queues/" + id, null).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Queue not found");
        StepVerifier.create(queues.settings(contextOf(), id))
                .expectErrorSatisfies(error -> assertThat(error).hasMessage("Queue not found"))
                .verify();
    }

    @Test
    void whenEngineLooksUpSettingsThenScopedByTenantAndUnscopedByKey() {
        JsonNode created = api.post("/api/v1/queues", queue("capacity", 7, "openAt", "2030-01-01T00:00:00Z"));
        String id = created.get("id").stringValue();
        StepVerifier.create(queues.settings(contextOf(), id))
                .assertNext(settings -> {
                    assertThat(settings.capacity()).isEqualTo(7);
                    assertThat(settings.organizationId()).isEqualTo(org);
                    assertThat(settings.environment()).isEqualTo(Environment.LIVE);
                    assertThat(settings.openAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
                    assertThat(settings.stopped()).isFalse();
                    assertThat(settings.experienceId()).isEqualTo(Ids.parse("exp", experienceId).orElseThrow());
                })
                .verifyComplete();
        StepVerifier.create(queues.settings(new io.dropline.contracts.context.InternalContext(UUID.randomUUID(), Environment.LIVE,
                        io.dropline.contracts.context.ApiSurface.ADMIN, null, "r", Instant.now().plusSeconds(60)), id))
                .expectErrorMessage("Queue not found").verify();
        StepVerifier.create(queues.settings(Ids.parse("queue", id).orElseThrow()))
                .assertNext(settings -> assertThat(settings.admitRate()).isEqualTo(60)).verifyComplete();
        StepVerifier.create(queues.settings(UUID.randomUUID())).verifyComplete();
    }

    @Test
    void whenListingQueuesAndDistributionsThenFilteredPagedAndTyped() {
        String otherSequence = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "VIP")).get("id").stringValue();
        String a = api.post("/api/v1/queues", queue("name", "A")).get("id").stringValue();
        String b = api.post("/api/v1/queues", queue("name", "B")).get("id").stringValue();
        String c = api.post("/api/v1/queues", queue("name", "C", "sequenceId", otherSequence)).get("id").stringValue();

        assertThat(ids(api.get("/api/v1/queues?sortDir=asc"))).containsExactly(a, b, c);
        assertThat(ids(api.get("/api/v1/queues?sequenceId=" + sequenceId))).containsExactly(b, a);
        assertThat(ids(api.get("/api/v1/queues?experienceId=" + experienceId + "&sortDir=asc"))).containsExactly(a, b, c);
        JsonNode first = api.get("/api/v1/queues?sortDir=asc&first=2");
        assertThat(ids(first)).containsExactly(a, b);
        assertThat(first.get("pageInfo").get("hasNextPage").booleanValue()).isTrue();
        assertThat(ids(api.get("/api/v1/queues?sortDir=asc&first=2&after=" + first.get("pageInfo").get("endCursor").stringValue())))
                .containsExactly(c);

        JsonNode distributions = api.get("/api/v1/distributions?type=queue&sortDir=asc");
        assertThat(ids(distributions)).containsExactly(a, b, c);
        assertThat(distributions.get("data").get(0).get("type").stringValue()).isEqualTo("queue");
        assertThat(distributions.get("data").get(0).get("admitRate").intValue()).isEqualTo(60);
        assertThat(ids(api.get("/api/v1/distributions?type=draw"))).isEmpty();
        assertThat(ids(api.get("/api/v1/distributions?sequenceId=" + otherSequence))).containsExactly(c);
        JsonNode one = api.get("/api/v1/distributions/" + a);
        assertThat(one.get("type").stringValue()).isEqualTo("queue");
        assertThat(one.get("name").stringValue()).isEqualTo("A");
        api.send("GET", "/api/v1/distributions/draw_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", null).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Distribution not found");

        for (String bad : List.of("type=lottery", "sequenceId=exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "sortBy=name", "first=0", "unknown=1")) {
            api.send("GET", "/api/v1/distributions?" + bad, null).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("Validation failed");
        }
        api.send("GET", "/api/v1/queues?type=queue", null).expectStatus().isBadRequest();
    }

    @Test
    void whenListingConsumersOfADistributionThenInArrivalOrderWithPositionsOfThoseWaiting() {
        String id = api.post("/api/v1/queues", queue()).get("id").stringValue();
        api.enter(id, org, 1, "GRANTED", Instant.now().plus(5, ChronoUnit.MINUTES));
        api.enter(id, org, 2, "QUEUED", null);
        api.enter(id, org, 3, "LEFT", null);
        api.enter(id, org, 4, "QUEUED", null);
        api.enter(id, org, 5, "DENIED", null);

        JsonNode page = api.get("/api/v1/distributions/" + id + "/consumers?first=3");
        assertThat(page.get("data").valueStream().map(row -> row.get("status").stringValue()).toList())
                .containsExactly("GRANTED", "QUEUED", "LEFT");
        assertThat(page.get("data").get(0).get("position").isNull()).isTrue();
        assertThat(page.get("data").get(0).get("grantExpiresAt").isNull()).isFalse();
        assertThat(page.get("data").get(1).get("position").longValue()).isEqualTo(1);
        assertThat(Ids.parse("cons", page.get("data").get(1).get("consumerId").stringValue())).isPresent();

        JsonNode rest = api.get("/api/v1/distributions/" + id + "/consumers?first=3&after="
                + page.get("pageInfo").get("endCursor").stringValue());
        assertThat(rest.get("data").valueStream().map(row -> row.get("status").stringValue()).toList()).containsExactly("QUEUED", "DENIED");
        assertThat(rest.get("data").get(0).get("position").longValue()).isEqualTo(2);
        assertThat(rest.get("data").get(1).get("deniedReason").stringValue()).isEqualTo("CAPACITY_EXCEEDED");
        assertThat(rest.get("pageInfo").get("hasNextPage").booleanValue()).isFalse();

        JsonNode waiting = api.get("/api/v1/distributions/" + id + "/consumers?status=QUEUED");
        assertThat(waiting.get("data").valueStream().map(row -> row.get("position").longValue()).toList()).containsExactly(1L, 2L);
        api.send("GET", "/api/v1/distributions/" + id + "/consumers?status=waiting", null).expectStatus().isBadRequest();
    }

    private io.dropline.contracts.context.InternalContext contextOf() {
        return new io.dropline.contracts.context.InternalContext(org, Environment.LIVE, io.dropline.contracts.context.ApiSurface.ADMIN,
                io.dropline.contracts.context.Principal.apiKey("key_test"), "req", Instant.now().plusSeconds(60));
    }

    private static List<String> ids(JsonNode page) {
        return page.get("data").valueStream().map(row -> row.get("id").stringValue()).toList();
    }
}
