package io.dropline.experiences.access.experience;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
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
import tools.jackson.databind.JsonNode;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ExperienceApiIT {

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

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
    }

    private static Map<String, Object> nested(List<Map<String, Object>> queues) {
        return Map.of("name", "Holiday Drop", "timeZone", "Europe/Berlin", "accessCode", "EARLY",
                "theme", Map.of("primaryColor", "#000"), "i18n", Map.of("en", Map.of("queue.position", "Position: {{position}}")),
                "sequence", Map.of("name", "General", "priority", 5, "queues", queues));
    }

    @Test
    void whenCreatedWithANestedSequenceThenAllIsStoredWithDerivedTimingAndIncludes() {
        JsonNode created = api.post("/api/v1/experiences", nested(List.of(
                Map.of("name", "Wave 1", "admitRate", 100, "openAt", "2030-12-01T10:00:00", "closeAt", "2030-12-01T12:00:00Z"),
                Map.of("name", "Wave 2", "admissionRate", 50, "openAt", "2030-12-02T10:00:00Z", "closeAt", "2030-12-03T10:00:00Z"))));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("exp", id)).isPresent();
        assertThat(created.get("organizationId").stringValue()).isEqualTo(Ids.format("org", org));
        // The local openAt is read in the experience's zone (Berlin, UTC+1 in December).
        assertThat(created.get("openAt").stringValue()).isEqualTo("2030-12-01T09:00:00Z");
        assertThat(created.get("closeAt").stringValue()).isEqualTo("2030-12-03T10:00:00Z");
        assertThat(created.get("status").stringValue()).isEqualTo("scheduled");
        assertThat(created.get("theme").get("primaryColor").stringValue()).isEqualTo("#000");
        assertThat(created.get("sequences").size()).isEqualTo(1);
        assertThat(created.get("distributions").size()).isEqualTo(2);
        assertThat(created.get("distributions").get(1).get("admitRate").intValue()).isEqualTo(50);
        assertThat(created.get("distributions").get(0).get("sequenceId")).isEqualTo(created.get("sequences").get(0).get("id"));

        JsonNode plain = api.get("/api/v1/experiences/" + id);
        assertThat(plain.has("sequences")).isFalse();
        assertThat(plain.has("distributions")).isFalse();
        assertThat(plain.get("openAt")).isEqualTo(created.get("openAt"));
        JsonNode included = api.get("/api/v1/experiences/" + id + "?include=sequences,distributions");
        assertThat(included.get("sequences")).isEqualTo(created.get("sequences"));
        assertThat(included.get("distributions").get(0).get("type").stringValue()).isEqualTo("queue");
        api.send("GET", "/api/v1/experiences/" + id + "?include=products", null).expectStatus().isBadRequest();
        api.send("GET", "/api/v1/experiences/" + id + "?search=ab", null).expectStatus().isBadRequest();
    }

    @Test
    void whenANestedQueueIsBadThenBadRequestAndNothingIsCreated() {
        api.send("POST", "/api/v1/experiences", nested(List.of(Map.of("name", "Good", "admitRate", 10),
                        Map.of("name", "Bad", "admitRate", 0, "openAt", "2030-01-02T00:00:00Z", "closeAt", "2030-01-01T00:00:00Z"))))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Validation failed")
                .jsonPath("$.details[?(@.field == 'sequence.queues[1].admitRate')]").exists()
                .jsonPath("$.details[?(@.field == 'sequence.queues[1].closeAt')]").exists();
        for (String table : List.of("experiences", "sequences", "queues")) {
            api.expectCount("SELECT count(*) FROM " + table + " WHERE organization_id = '" + org + "'", 0);
        }
    }

    @Test
    void whenDerivingStatusThenDraftScheduledActiveAndCompleted() {
        String draft = api.post("/api/v1/experiences", Map.of("name", "Draft")).get("id").stringValue();
        JsonNode draftView = api.get("/api/v1/experiences/" + draft);
        assertThat(draftView.get("status").stringValue()).isEqualTo("draft");
        assertThat(draftView.get("openAt").isNull()).isTrue();

        JsonNode active = api.post("/api/v1/experiences", nested(List.of(Map.of("name", "Now", "admitRate", 1),
                Map.of("name", "Later", "admitRate", 1, "openAt", "2030-01-01T00:00:00Z", "closeAt", "2030-01-02T00:00:00Z"))));
        assertThat(active.get("status").stringValue()).isEqualTo("active");
        // One queue opens immediately and never closes: no envelope.
        assertThat(active.get("openAt").isNull()).isTrue();
        assertThat(active.get("closeAt").isNull()).isTrue();

        JsonNode completed = api.post("/api/v1/experiences", nested(List.of(
                Map.of("name", "Past", "admitRate", 1, "openAt", "2020-01-01T00:00:00Z", "closeAt", "2020-01-02T00:00:00Z"))));
        assertThat(completed.get("status").stringValue()).isEqualTo("completed");

        String queue = active.get("distributions").get(0).get("id").stringValue();
        String later = active.get("distributions").get(1).get("id").stringValue();
        api.put("/api/v1/queues/" + queue, Map.of("statusOverride", "ended"));
        api.put("/api/v1/queues/" + later, Map.of("statusOverride", "ended"));
        assertThat(api.get("/api/v1/experiences/" + active.get("id").stringValue()).get("status").stringValue()).isEqualTo("completed");
    }

    @Test
    void whenListedThenSortedSearchedPagedAndIncluded() {
        String b = api.post("/api/v1/experiences", Map.of("name", "beta 100%")).get("id").stringValue();
        String a = api.post("/api/v1/experiences", nested(List.of(
                Map.of("name", "q", "admitRate", 1, "openAt", "2031-01-01T00:00:00Z")))).get("id").stringValue();
        String c = api.post("/api/v1/experiences", Map.of("name", "Alpha")).get("id").stringValue();
        String d = api.post("/api/v1/experiences", Map.of("name", "Zeta", "sequence", Map.of("name", "s", "queues",
                List.of(Map.of("name", "q", "admitRate", 1, "openAt", "2030-01-01T00:00:00Z"))))).get("id").stringValue();

        assertThat(ids(api.get("/api/v1/experiences"))).containsExactly(d, c, a, b);
        assertThat(ids(api.get("/api/v1/experiences?sortBy=name&sortDir=asc"))).containsExactly(c, b, a, d);
        assertThat(ids(api.get("/api/v1/experiences?sortBy=openAt&sortDir=desc"))).containsExactly(a, d, c, b);
        assertThat(ids(api.get("/api/v1/experiences?search=100"))).containsExactly(b);
        assertThat(ids(api.get("/api/v1/experiences?search=ALPHA"))).containsExactly(c);

        JsonNode page1 = api.get("/api/v1/experiences?sortBy=openAt&sortDir=desc&first=3&include=distributions");
        assertThat(ids(page1)).containsExactly(a, d, c);
        assertThat(page1.get("data").get(0).get("distributions").size()).isEqualTo(1);
        assertThat(page1.get("data").get(2).get("distributions").size()).isZero();
        assertThat(page1.get("data").get(0).has("sequences")).isFalse();
        JsonNode page2 = api.get("/api/v1/experiences?sortBy=openAt&sortDir=desc&first=3&after="
                + page1.get("pageInfo").get("endCursor").stringValue());
        assertThat(ids(page2)).containsExactly(b);
        JsonNode back = api.get("/api/v1/experiences?sortBy=openAt&sortDir=desc&last=2&before="
                + page2.get("pageInfo").get("startCursor").stringValue());
        assertThat(ids(back)).containsExactly(d, c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sortBy=status", "sortDir=up", "search=a", "include=sequences,products", "include=", "first=101",
            "first=1&last=1", "createdAfter=yesterday", "after=garbage", "unknown=1"})
    void whenListParametersAreBadThenBadRequest(String query) {
        api.send("GET", "/api/v1/experiences?" + query, null).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Validation failed").jsonPath("$.details[0].field").exists();
    }

    @Test
    void whenDuplicatedThenADeepCopyWithNewIdsAndNoEngineState() {
        JsonNode source = api.post("/api/v1/experiences", nested(List.of(Map.of("name", "W1", "admitRate", 10, "capacity", 5),
                Map.of("name", "W2", "admitRate", 20))));
        String sourceId = source.get("id").stringValue();
        String stopped = source.get("distributions").get(1).get("id").stringValue();
        api.put("/api/v1/queues/" + stopped, Map.of("statusOverride", "ended"));
        api.enter(source.get("distributions").get(0).get("id").stringValue(), org, 1, "QUEUED", null);

        JsonNode copy = http.post().uri("/api/v1/experiences/{id}/duplicate", sourceId)
                .header(io.dropline.contracts.context.InternalContext.HEADER, api.context()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(copy.get("id").stringValue()).isNotEqualTo(sourceId);
        assertThat(copy.get("name").stringValue()).isEqualTo("Copy of Holiday Drop");
        assertThat(copy.get("timeZone").stringValue()).isEqualTo("Europe/Berlin");
        assertThat(copy.get("theme")).isEqualTo(source.get("theme"));
        assertThat(copy.get("sequences").size()).isEqualTo(1);
        assertThat(copy.get("sequences").get(0).get("id")).isNotEqualTo(source.get("sequences").get(0).get("id"));
        assertThat(copy.get("sequences").get(0).get("priority").intValue()).isEqualTo(5);
        List<JsonNode> queues = copy.get("distributions").valueStream().toList();
        assertThat(queues).extracting(q -> q.get("name").stringValue()).containsExactly("W1", "W2");
        assertThat(queues.get(0).get("capacity").intValue()).isEqualTo(5);
        assertThat(queues.get(0).get("sequenceId")).isEqualTo(copy.get("sequences").get(0).get("id"));
        assertThat(queues.get(1).get("statusOverride").isNull()).isTrue();
        api.expectCount("SELECT count(*) FROM queue_entries WHERE queue_id = '"
                + Ids.parse("queue", queues.get(0).get("id").stringValue()).orElseThrow() + "'", 0);

        assertThat(api.post("/api/v1/experiences/" + sourceId + "/duplicate", Map.of("name", "Second run")).get("name").stringValue())
                .isEqualTo("Second run");
        api.send("POST", "/api/v1/experiences/" + sourceId + "/duplicate", Map.of("slug", "x")).expectStatus().isBadRequest();
        api.send("POST", "/api/v1/experiences/" + Ids.newId("exp") + "/duplicate", Map.of()).expectStatus().isNotFound();
        api.expectCount("SELECT count(*) FROM experiences WHERE organization_id = '" + org + "'", 3);
    }

    @Test
    void whenPartiallyUpdatedThenOnlyGivenFieldsChange() {
        String id = api.post("/api/v1/experiences", nested(List.of())).get("id").stringValue();
        Map<String, Object> changes = new HashMap<>();
        changes.put("name", "Renamed");
        changes.put("theme", null);
        JsonNode updated = api.put("/api/v1/experiences/" + id, changes);
        assertThat(updated.get("name").stringValue()).isEqualTo("Renamed");
        assertThat(updated.get("theme").isNull()).isTrue();
        assertThat(updated.get("timeZone").stringValue()).isEqualTo("Europe/Berlin");
        assertThat(updated.get("accessCode").stringValue()).isEqualTo("EARLY");
        assertThat(updated.get("i18n").get("en")).isNotNull();
        for (String bad : List.of("{\"name\": null}", "{\"timeZone\": \"Europe/Atlantis\"}", "{\"sequence\": {}}",
                "{\"openAt\": \"2030-01-01T00:00:00Z\"}", "{\"i18n\": \"en\"}", "{\"name\": \"tab\\there\"}")) {
            api.send("PUT", "/api/v1/experiences/" + id, bad).expectStatus().isBadRequest();
        }
        assertThat(api.get("/api/v1/experiences/" + id).get("name").stringValue()).isEqualTo("Renamed");
    }

    @Test
    void whenConsumersAreActiveThenDeleteIsAConflictOtherwiseTheExperienceIsReturnedAndGone() {
        JsonNode created = api.post("/api/v1/experiences", nested(List.of(Map.of("name", "W1", "admitRate", 10))));
        String id = created.get("id").stringValue();
        String queue = created.get("distributions").get(0).get("id").stringValue();
        api.enter(queue, org, 1, "QUEUED", null);
        api.send("DELETE", "/api/v1/experiences/" + id, null).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("EXPERIENCE_ACTIVE")
                .jsonPath("$.error").isEqualTo("Cannot delete active experience");
        api.sql("UPDATE queue_entries SET status = 'COMPLETED' WHERE organization_id = '" + org + "'");
        api.send("DELETE", "/api/v1/experiences/" + id, null).expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(id).jsonPath("$.name").isEqualTo("Holiday Drop");
        api.send("GET", "/api/v1/experiences/" + id, null).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Experience not found");
        for (String table : List.of("sequences", "queues", "queue_entries")) {
            api.expectCount("SELECT count(*) FROM " + table + " WHERE organization_id = '" + org + "'", 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "\"text\"", "{}", "{\"name\": \"\"}", "{\"name\": 5}", "{\"name\": \"nul\\u0000\"}",
            "{\"name\": \"x\", \"timeZone\": \"Berlin\"}", "{\"name\": \"x\", \"theme\": [1]}", "{\"name\": \"x\", \"status\": \"active\"}",
            "{\"name\": \"x\", \"openAt\": \"2030-01-01T00:00:00Z\"}", "{\"name\": \"x\", \"sequence\": {\"queues\": []}}",
            "{\"name\": \"x\", \"sequence\": {\"name\": \"s\", \"queues\": {}}}",
            "{\"name\": \"x\", \"sequence\": {\"name\": \"s\", \"queues\": [{\"name\": \"q\"}]}}",
            "{\"name\": \"x\", \"sequence\": {\"name\": \"s\", \"queues\": [{\"name\": \"q\", \"admitRate\": 1, \"sequenceId\": \"seq_x\"}]}}",
            "{\"name\": \"x\", \"sequence\": {\"name\": \"s\", \"audienceId\": \"aud_x\"}}", "{\"name\": \"x\"} trailing"})
    void whenCreateBodyIsBadThenBadRequestAndNothingStored(String body) {
        api.send("POST", "/api/v1/experiences", body).expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
        api.expectCount("SELECT count(*) FROM experiences WHERE organization_id = '" + org + "'", 0);
    }

    @Test
    void whenAnotherTenantEnvironmentOrSurfaceUsesAnIdThenNotFoundAndNothingChanges() {
        JsonNode created = api.post("/api/v1/experiences", nested(List.of(Map.of("name", "W1", "admitRate", 10))));
        String id = created.get("id").stringValue();
        String consumer = AdminCalls.consumerSurface(org);
        // A publishable key reads the public view of this path (JourneyIT covers it); it can change nothing.
        api.send("GET", "/api/v1/experiences/" + id, null, consumer).expectStatus().isOk()
                .expectBody().jsonPath("$.accessCode").doesNotExist().jsonPath("$.organizationId").doesNotExist();
        for (String foreign : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST), consumer)) {
            if (!foreign.equals(consumer)) {
                api.send("GET", "/api/v1/experiences/" + id, null, foreign).expectStatus().isNotFound();
            }
            api.send("PUT", "/api/v1/experiences/" + id, Map.of("name", "Thief"), foreign).expectStatus().isNotFound();
            api.send("DELETE", "/api/v1/experiences/" + id, null, foreign).expectStatus().isNotFound();
            api.send("POST", "/api/v1/experiences/" + id + "/duplicate", Map.of(), foreign).expectStatus().isNotFound();
            api.send("GET", "/api/v1/sequences?experienceId=" + id, null, TestContexts.admin(UUID.randomUUID())).expectStatus().isOk()
                    .expectBody().jsonPath("$.data.length()").isEqualTo(0);
        }
        assertThat(api.get("/api/v1/experiences/" + id).get("name").stringValue()).isEqualTo("Holiday Drop");
        api.expectCount("SELECT count(*) FROM experiences WHERE organization_id = '" + org + "'", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp_x", "seq_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "exp_01jd3q6z8wq0x5t9r2m4n7b1ce", "exp_81JD3Q6Z8WQ0X5T9R2M4N7B1CE"})
    void whenIdHasWrongShapeThenNotFound(String id) {
        api.send("GET", "/api/v1/experiences/" + id, null).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Experience not found");
    }

    private static List<String> ids(JsonNode page) {
        return page.get("data").valueStream().map(row -> row.get("id").stringValue()).toList();
    }
}
