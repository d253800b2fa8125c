package io.dropline.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The fan-out against the real experiences-service (a separate process from its packaged jar): the live queue length
 * and active participants of a queue consumers joined, for the tenant and for one experience; then, with the process
 * killed, the partial answer within the source's deadline. Needs experiences-service packaged in this worktree.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class LiveFanOutIT {

    static ServiceProcess experiences;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
        experiences = ServiceProcess.start("experiences-service", "experiences");
        registry.add("dropline.analytics.live.experiences.base-url", experiences::baseUrl);
    }

    @AfterAll
    static void stop() {
        if (experiences != null) {
            experiences.close();
        }
    }

    @Autowired
    WebTestClient http;

    final UUID org = UUID.randomUUID();

    JsonNode adminPost(WebTestClient client, String path, Map<String, Object> body) {
        return client.post().uri(path).header(InternalContext.HEADER, TestContexts.admin(org)).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode query(String body) {
        return http.post().uri("/api/v1/analytics/query").header(InternalContext.HEADER, TestContexts.admin(org))
                .header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void theLiveQueueLengthComesFromExperiencesServiceAndAStoppedServiceMakesThePartialAnswer() {
        WebTestClient service = WebTestClient.bindToServer().baseUrl(experiences.baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
        String experience = adminPost(service, "/api/v1/experiences", Map.of("name", "Drop", "timeZone", "Europe/Berlin")).get("id").stringValue();
        String sequence = adminPost(service, "/api/v1/sequences", Map.of("experienceId", experience, "name", "General", "priority", 1))
                .get("id").stringValue();
        String queue = adminPost(service, "/api/v1/queues", Map.of("sequenceId", sequence, "name", "Line", "admitRate", 1, "capacity", 500))
                .get("id").stringValue();
        for (int i = 0; i < 3; i++) {
            service.post().uri("/api/v1/queues/{id}/enter", queue).header(InternalContext.HEADER, TestContexts.consumer(org, Ids.newUuid()))
                    .exchange().expectStatus().isOk().expectBody().returnResult();
        }
        String live = """
                {"measures":[{"name":"waiting","unit":"count","op":"live","event":"queue.length"},
                             {"name":"active","unit":"count","op":"live","event":"participants.active"},
                             {"name":"entries","unit":"count","op":"count","event":"queue_entered"}],
                 "interval":"1h","timeRange":"24h"}""";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode answer = query(live);
            assertThat(answer.get("partial").asBoolean()).isFalse();
            assertThat(answer.get("sources").get("experiences-service").get("status").stringValue()).isEqualTo("ok");
            assertThat(answer.get("live").get("active").asLong()).isEqualTo(3);
            assertThat(answer.get("live").get("waiting").asLong()).isBetween(2L, 3L);
        });
        JsonNode resource = http.get().uri("/api/v1/experiences/{id}/metrics", experience).header(InternalContext.HEADER, TestContexts.admin(org))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(resource.get("partial").asBoolean()).isFalse();
        assertThat(resource.get("live").get("participants.active").asLong()).isEqualTo(3);
        assertThat(resource.get("live").get("distributions.open").asLong()).isEqualTo(1);
        // Another tenant's experience is not found, as the owning service says.
        http.get().uri("/api/v1/experiences/{id}/metrics", experience).header(InternalContext.HEADER, TestContexts.admin(UUID.randomUUID()))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Experience not found");

        experiences.kill();
        long started = System.nanoTime();
        JsonNode partial = query(live);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(partial.get("partial").asBoolean()).isTrue();
        assertThat(partial.get("sources").get("experiences-service").get("status").stringValue()).isEqualTo("unavailable");
        assertThat(partial.get("live").get("waiting").isNull()).isTrue();
        assertThat(partial.get("data")).isNotEmpty();
    }
}
