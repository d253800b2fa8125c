package io.dropline.experiences.access.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /internal/metrics} (issue 13's metrics contract) after joins through the Consumer API. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class InternalMetricsIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    AdminCalls admin;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        admin = new AdminCalls(http, db, TestContexts.admin(org));
    }

    private static String internal(UUID organization, Environment environment) {
        return CODEC.sign(CODEC.create(organization, environment, ApiSurface.INTERNAL, Principal.service("analytics-service"),
                "req-" + UUID.randomUUID()));
    }

    private Map<String, String> slowQueue() {
        String experience = admin.post("/api/v1/experiences", Map.of("name", "Drop", "timeZone", "Europe/Berlin")).get("id").stringValue();
        String sequence = admin.post("/api/v1/sequences", Map.of("experienceId", experience, "name", "General", "priority", 1))
                .get("id").stringValue();
        String queue = admin.post("/api/v1/queues", Map.of("sequenceId", sequence, "name", "Line", "admitRate", 1, "capacity", 500))
                .get("id").stringValue();
        return Map.of("experience", experience, "sequence", sequence, "queue", queue);
    }

    private void enter(String queueId) {
        http.post().uri("/api/v1/queues/{id}/enter", queueId).header(InternalContext.HEADER, TestContexts.consumer(org, Ids.newUuid()))
                .exchange().expectStatus().isOk().expectBody().returnResult();
    }

    private JsonNode metrics(String context, String query) {
        return http.get().uri("/internal/metrics" + query).header(InternalContext.HEADER, context)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void theTenantsLiveFiguresAndOneResourcesCountOnlyWhatIsTheirs() {
        Map<String, String> busy = slowQueue();
        Map<String, String> quiet = slowQueue();
        for (int i = 0; i < 3; i++) {
            enter(busy.get("queue"));
        }
        enter(quiet.get("queue"));
        String context = internal(org, Environment.LIVE);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode all = metrics(context, "");
            assertThat(all.get("source").stringValue()).isEqualTo("experiences-service");
            assertThat(all.get("at").stringValue()).isNotEmpty();
            JsonNode values = all.get("values");
            assertThat(values.get("participants.active").asLong()).isEqualTo(4);
            assertThat(values.get("queue.length").asLong() + values.get("admission.rate").asLong()).isEqualTo(4);
            assertThat(values.get("distributions.open").asLong()).isEqualTo(2);
        });
        JsonNode experience = metrics(context, "?resource=" + busy.get("experience")).get("values");
        assertThat(experience.get("participants.active").asLong()).isEqualTo(3);
        assertThat(experience.get("distributions.open").asLong()).isEqualTo(1);
        JsonNode queue = metrics(context, "?resource=" + quiet.get("queue")).get("values");
        assertThat(queue.get("participants.active").asLong()).isEqualTo(1);

        // Another tenant or the other environment counts none of it.
        for (String other : new String[] {internal(UUID.randomUUID(), Environment.LIVE), internal(org, Environment.TEST)}) {
            JsonNode values = metrics(other, "").get("values");
            assertThat(values.get("queue.length").asLong()).isZero();
            assertThat(values.get("participants.active").asLong()).isZero();
            assertThat(values.get("distributions.open").asLong()).isZero();
            http.get().uri("/internal/metrics?resource=" + busy.get("experience")).header(InternalContext.HEADER, other).exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Experience not found");
        }
    }

    @Test
    void badRequestsAnswerInTheApiFormat() {
        String context = internal(org, Environment.LIVE);
        http.get().uri("/internal/metrics?resource=nope").header(InternalContext.HEADER, context).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isNotEmpty();
        http.get().uri("/internal/metrics?resource=" + Ids.newId("queue")).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Queue not found");
        http.get().uri("/internal/metrics?bogus=1").header(InternalContext.HEADER, context).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        http.get().uri("/internal/metrics").header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Not found");
        http.get().uri("/internal/metrics").exchange().expectStatus().isUnauthorized().expectBody().returnResult();
    }
}
