package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Operator sessions ({@code POST /api/v1/operator-sessions}) and the hosted pages' own routes ({@code /wait/…},
 * {@code /operator/…}), against the real gateway and a real experiences-service: who may mint a session, what a
 * token opens (its queue's view and controls, nothing else, only from the gateway's own origin), expiry by key
 * rotation, tenant isolation, bad input → 4xx in the API's format.
 */
class OperatorSessionIT extends SharedMeshEndToEnd {

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;
    Tenants.Tenant other;
    JsonNode experience;
    String queueId;
    String sequenceId;

    @BeforeAll
    void tenants() {
        shop = Tenants.create(context, "operator-shop");
        other = Tenants.create(context, "operator-other");
        experience = await().atMost(Duration.ofSeconds(90)).until(() -> http.post().uri("/api/v1/experiences")
                .header("Authorization", "Bearer " + shop.liveSecret()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Operated drop", "sequence", Map.of("name", "General",
                        "queues", List.of(Map.of("name", "Line", "admitRate", 60)))))
                .exchange().returnResult(JsonNode.class).getResponseBody().blockFirst(), body -> body != null && body.has("id"));
        queueId = experience.at("/distributions/0/id").stringValue();
        sequenceId = http.get().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + shop.liveSecret())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("sequenceId").stringValue();
    }

    private JsonNode session(String secret, Object body) {
        return http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + secret)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void aSessionOpensItsQueuesViewAndControlsAndNothingElse() {
        JsonNode session = session(shop.liveSecret(), Map.of("queueId", queueId));
        String token = session.get("token").stringValue();
        assertThat(token).startsWith("dlop_");
        assertThat(session.get("sequenceId").stringValue()).isEqualTo(sequenceId);
        assertThat(session.get("url").stringValue()).isEqualTo("/operator/queues/" + queueId + "#token=" + token);

        http.get().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(queueId);
        http.get().uri("/api/v1/sequences/" + sequenceId + "/metrics").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.waiting").isEqualTo(0);
        // From the gateway's own page (same origin) it works; from any other origin it is refused.
        http.get().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + token)
                .header("Origin", "http://shop.example").exchange().expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin").expectBody().jsonPath("$.requestId").exists();
        // Outside its scope: other routes, other methods, the same routes of another queue.
        http.get().uri("/api/v1/experiences/" + experience.get("id").stringValue()).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.error").exists();
        http.delete().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isForbidden().expectBody();
        http.post().uri("/api/v1/queues/" + queueId + "/admit").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerId", "con_x"))
                .exchange().expectStatus().isForbidden().expectBody();
        http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", queueId))
                .exchange().expectStatus().isForbidden().expectBody();
        // The controls: a cap (pause) and back.
        http.put().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("maxAdmissions", 1))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.maxAdmissions").isEqualTo(1);
        http.put().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"maxAdmissions\":null}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.maxAdmissions").doesNotExist();
        // A forged or mangled token.
        http.get().uri("/api/v1/queues/" + queueId).header("Authorization", "Bearer " + token.substring(0, token.length() - 2) + "xx")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Invalid or expired operator session");
    }

    @Test
    void onlyASecretKeyMintsASessionForItsOwnTenantsQueueAndBadInputIsA400() {
        http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + other.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", queueId))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.requestId").exists();
        http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + shop.testSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", queueId))
                .exchange().expectStatus().isNotFound().expectBody();
        http.post().uri("/api/v1/operator-sessions").header("X-Publishable-Key", shop.livePublishable())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", queueId))
                .exchange().expectStatus().isUnauthorized().expectBody();
        http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + shop.liveSecret())
                .header("Origin", "http://shop.example").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", queueId))
                .exchange().expectStatus().isForbidden().expectBody();
        http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", "seq_123"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("queueId");
        http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"queueId\": 5, \"extra\": true}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.requestId").exists();
        http.post().uri("/api/v1/operator-sessions").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("queueId", "queue_01M9000000000000000000000X"))
                .exchange().expectStatus().isNotFound().expectBody();
    }

    @Test
    void rotatingTheSecretKeyEndsItsSessions() {
        Tenants.Tenant rotating = Tenants.create(context, "operator-rotating");
        JsonNode created = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + rotating.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Rotating", "sequence", Map.of("name", "G",
                        "queues", List.of(Map.of("name", "L", "admitRate", 60)))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String queue = created.at("/distributions/0/id").stringValue();
        String token = session(rotating.liveSecret(), Map.of("queueId", queue)).get("token").stringValue();
        http.get().uri("/api/v1/queues/" + queue).header("Authorization", "Bearer " + token).exchange().expectStatus().isOk().expectBody();
        http.post().uri("/api/v1/organizations/secret-key/rotate").header("Authorization", "Bearer " + rotating.liveSecret())
                .exchange().expectStatus().is2xxSuccessful().expectBody();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/api/v1/queues/" + queue)
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isUnauthorized().expectBody());
    }

    @Test
    void theHostedPagesCheckTheirParameters() {
        String exp = experience.get("id").stringValue();
        http.get().uri("/wait/" + exp + "?pk=" + shop.livePublishable()).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueMatches("Content-Security-Policy", "default-src 'none'.*frame-ancestors 'none'")
                .expectBody(String.class).value(html -> assertThat(html).contains("/wait/assets/wait.js"));
        http.get().uri("/wait/assets/wait.js").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript").expectBody();
        http.get().uri("/wait/" + exp).exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("pk");
        http.get().uri("/wait/" + exp + "?pk=" + shop.liveSecret()).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("pk");
        http.get().uri("/wait/" + exp + "?pk=pk_live_nonsense").exchange().expectStatus().isUnauthorized().expectBody();
        http.get().uri("/wait/not-an-id?pk=" + shop.livePublishable()).exchange().expectStatus().isNotFound().expectBody();
        // An open redirect is impossible: the checkout must be https and on the tenant's allowed origins.
        http.get().uri(b -> b.path("/wait/" + exp).queryParam("pk", shop.livePublishable())
                        .queryParam("checkout", "{c}").build("https://evil.example/checkout"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("checkout");
        http.put().uri("/api/v1/settings/allowed-origins").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("origins", List.of("https://shop.example", "http://plain.example")))
                .exchange().expectStatus().isOk().expectBody();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> http.get().uri(b -> b.path("/wait/" + exp)
                        .queryParam("pk", shop.livePublishable()).queryParam("checkout", "{c}").build("https://shop.example/checkout?x=1"))
                .exchange().expectStatus().isOk().expectBody());
        http.get().uri(b -> b.path("/wait/" + exp).queryParam("pk", shop.livePublishable())
                        .queryParam("checkout", "{c}").build("http://plain.example/checkout"))
                .exchange().expectStatus().isBadRequest().expectBody();
        http.get().uri(b -> b.path("/wait/" + exp).queryParam("pk", other.livePublishable())
                        .queryParam("checkout", "{c}").build("https://shop.example/checkout"))
                .exchange().expectStatus().isBadRequest().expectBody();
        http.get().uri("/operator/queues/" + queueId).exchange().expectStatus().isOk()
                .expectHeader().exists("Content-Security-Policy").expectBody(String.class)
                .value(html -> assertThat(html).contains("/operator/assets/operator.js"));
        http.get().uri("/operator/queues/nonsense").exchange().expectStatus().isNotFound().expectBody();
    }
}
