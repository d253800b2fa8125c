package io.dropline.experiences.access.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import java.time.Instant;
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
class SequenceApiIT {

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

    @BeforeEach
    void newTenantWithAnExperience() {
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        experienceId = api.post("/api/v1/experiences", Map.of("name", "Drop")).get("id").stringValue();
    }

    @Test
    void whenCreatedThenReadUpdatedPartiallyAndDeleted() {
        String audience = Ids.newId("aud");
        JsonNode created = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "VIP", "priority", 10,
                "color", "#ff0000", "audienceId", audience, "accessCode", "SECRET"));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("seq", id)).isPresent();
        assertThat(created.get("experienceId").stringValue()).isEqualTo(experienceId);
        assertThat(created.get("audienceId").stringValue()).isEqualTo(audience);
        assertThat(created.get("productSelectionMode").stringValue()).isEqualTo("USER_SELECTED");
        assertThat(api.get("/api/v1/sequences/" + id)).isEqualTo(created);

        Map<String, Object> changes = new HashMap<>();
        changes.put("audienceId", null);
        changes.put("priority", -3);
        JsonNode updated = api.put("/api/v1/sequences/" + id, changes);
        assertThat(updated.get("audienceId").isNull()).isTrue();
        assertThat(updated.get("priority").intValue()).isEqualTo(-3);
        assertThat(updated.get("name").stringValue()).isEqualTo("VIP");
        assertThat(updated.get("accessCode").stringValue()).isEqualTo("SECRET");

        api.send("DELETE", "/api/v1/sequences/" + id, null).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id);
        api.send("GET", "/api/v1/sequences/" + id, null).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("Sequence not found");
    }

    @Test
    void whenExperienceIsUnknownOrForeignThenNotFound() {
        String foreign = new AdminCalls(http, db, TestContexts.admin(UUID.randomUUID()))
                .post("/api/v1/experiences", Map.of("name", "Theirs")).get("id").stringValue();
        for (String experience : List.of(foreign, Ids.newId("exp"))) {
            api.send("POST", "/api/v1/sequences", Map.of("experienceId", experience, "name", "x")).expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Experience not found");
        }
        api.expectCount("SELECT count(*) FROM sequences WHERE experience_id = '" + Ids.parse("exp", foreign).orElseThrow() + "'", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{}", "{\"name\": \"x\"}", "{\"experienceId\": \"seq_01JD3Q6Z8WQ0X5T9R2M4N7B1CE\", \"name\": \"x\"}",
            "{\"experienceId\": \"EXP\", \"name\": \"x\"}", "{\"experienceId\": \"%s\"}", "{\"experienceId\": \"%s\", \"name\": \"a\\u0000\"}",
            "{\"experienceId\": \"%s\", \"name\": \"x\", \"priority\": 1.5}",
            "{\"experienceId\": \"%s\", \"name\": \"x\", \"priority\": 99999999999}",
            "{\"experienceId\": \"%s\", \"name\": \"x\", \"audienceId\": \"exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE\"}",
            "{\"experienceId\": \"%s\", \"name\": \"x\", \"queues\": []}", "{\"experienceId\": \"%s\", \"name\": \"x\", \"archived\": true}"})
    void whenCreateBodyIsBadThenBadRequestAndNothingStored(String template) {
        api.send("POST", "/api/v1/sequences", template.replace("%s", experienceId)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").exists();
        api.expectCount("SELECT count(*) FROM sequences WHERE organization_id = '" + org + "'", 0);
    }

    @Test
    void whenUpdateIsBadThenBadRequestAndUnchanged() {
        String id = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "Main")).get("id").stringValue();
        for (String body : List.of("{\"name\": null}", "{\"experienceId\": \"" + experienceId + "\"}", "{\"priority\": \"high\"}", "[1]")) {
            api.send("PUT", "/api/v1/sequences/" + id, body).expectStatus().isBadRequest();
        }
        assertThat(api.get("/api/v1/sequences/" + id).get("name").stringValue()).isEqualTo("Main");
    }

    @Test
    void whenQueuesHaveParticipantsThenMetricsCountThemAndDeleteIsAConflict() {
        String id = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "Main")).get("id").stringValue();
        String open = api.post("/api/v1/queues", Map.of("sequenceId", id, "name", "Open", "admitRate", 100)).get("id").stringValue();
        String later = api.post("/api/v1/queues", Map.of("sequenceId", id, "name", "Later", "admitRate", 7,
                "openAt", "2099-01-01T00:00:00Z")).get("id").stringValue();
        api.enter(open, org, 1, "QUEUED", null);
        api.enter(open, org, 2, "QUEUED", null);
        api.enter(open, org, 3, "GRANTED", Instant.now().plusSeconds(300));
        api.enter(open, org, 4, "COMPLETED", null);
        api.enter(open, org, 5, "LEFT", null);
        api.enter(later, org, 1, "DENIED", null);

        JsonNode metrics = api.get("/api/v1/sequences/" + id + "/metrics");
        assertThat(metrics.get("sequenceId").stringValue()).isEqualTo(id);
        assertThat(metrics.get("entered").longValue()).isEqualTo(6);
        assertThat(metrics.get("waiting").longValue()).isEqualTo(2);
        assertThat(metrics.get("admitted").longValue()).isEqualTo(2);
        assertThat(metrics.get("completed").longValue()).isEqualTo(1);
        assertThat(metrics.get("left").longValue()).isEqualTo(1);
        assertThat(metrics.get("denied").longValue()).isEqualTo(1);
        assertThat(metrics.get("admitRate").longValue()).isEqualTo(100);

        api.send("DELETE", "/api/v1/sequences/" + id, null).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("SEQUENCE_ACTIVE");
        api.sql("UPDATE queue_entries SET status = 'LEFT' WHERE organization_id = '" + org + "'");
        api.send("DELETE", "/api/v1/sequences/" + id, null).expectStatus().isOk();
        api.expectCount("SELECT count(*) FROM queues WHERE organization_id = '" + org + "'", 0);
        api.send("GET", "/api/v1/sequences/" + id + "/metrics", null).expectStatus().isNotFound();
    }

    @Test
    void whenListedThenFilteredByExperienceAndPaged() {
        String other = api.post("/api/v1/experiences", Map.of("name", "Other")).get("id").stringValue();
        String a = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "A")).get("id").stringValue();
        String b = api.post("/api/v1/sequences", Map.of("experienceId", other, "name", "B")).get("id").stringValue();
        String c = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "C")).get("id").stringValue();
        assertThat(ids(api.get("/api/v1/sequences?experienceId=" + experienceId + "&sortDir=asc"))).containsExactly(a, c);
        JsonNode first = api.get("/api/v1/sequences?first=2");
        assertThat(ids(first)).containsExactly(c, b);
        JsonNode next = api.get("/api/v1/sequences?first=2&after=" + first.get("pageInfo").get("endCursor").stringValue());
        assertThat(ids(next)).containsExactly(a);
        assertThat(next.get("pageInfo").get("hasPreviousPage").booleanValue()).isTrue();
        for (String bad : List.of("experienceId=seq_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "sortBy=name", "last=0", "include=queues",
                "first=1&after=" + first.get("pageInfo").get("endCursor").stringValue() + "x")) {
            api.send("GET", "/api/v1/sequences?" + bad, null).expectStatus().isBadRequest();
        }
    }

    @Test
    void whenAnotherTenantEnvironmentOrSurfaceUsesAnIdThenNotFoundAndNothingChanges() {
        String id = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "Mine")).get("id").stringValue();
        for (String foreign : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST),
                AdminCalls.consumerSurface(org))) {
            api.send("GET", "/api/v1/sequences/" + id, null, foreign).expectStatus().isNotFound();
            api.send("GET", "/api/v1/sequences/" + id + "/metrics", null, foreign).expectStatus().isNotFound();
            api.send("PUT", "/api/v1/sequences/" + id, Map.of("name", "Thief"), foreign).expectStatus().isNotFound();
            api.send("DELETE", "/api/v1/sequences/" + id, null, foreign).expectStatus().isNotFound();
        }
        assertThat(api.get("/api/v1/sequences/" + id).get("name").stringValue()).isEqualTo("Mine");
    }

    private static List<String> ids(JsonNode page) {
        return page.get("data").valueStream().map(row -> row.get("id").stringValue()).toList();
    }
}
