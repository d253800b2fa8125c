package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The waiting room end to end, through the real gateway to real consumer-service and experiences-service
 * processes: a merchant sets up a drop, shoppers get guest sessions, join, watch their place and are admitted,
 * and the merchant's server validates and completes the grant.
 */
class WaitingRoomEndToEndIT extends SharedMeshEndToEnd {

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;

    @BeforeAll
    void tenant() {
        shop = Tenants.create(context, "e2e-drop");
    }

    @Test
    void whenShoppersJoinADropThenTheyAreAdmittedInOrderWithAGrantTheMerchantCanValidateOnce() {
        JsonNode experience = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Sneaker drop", "sequence", Map.of("name", "General",
                        "queues", List.of(Map.of("name", "Line", "admitRate", 60, "admissionExpirationSeconds", 600)))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String queue = experience.at("/distributions/0/id").stringValue();

        http.get().uri("/api/v1/queues/{id}", queue).header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("OPEN").jsonPath("$.admitRate").doesNotExist();

        String first = guest();
        String second = guest();
        consumer(http.post(), "/api/v1/queues/" + queue + "/enter", first).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("QUEUED").jsonPath("$.position").isEqualTo(1);
        consumer(http.post(), "/api/v1/queues/" + queue + "/enter", second).expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(2);
        consumer(http.post(), "/api/v1/queues/" + queue + "/enter", first).expectStatus().isOk()
                .expectBody().jsonPath("$.position").isEqualTo(1);

        // The second shopper watches the live stream through the gateway until admitted (one per second here).
        var stream = http.get().uri("/api/v1/queues/{id}/status", queue).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + second).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { }).getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().get("status").stringValue());
        StepVerifier.create(stream.skipUntil("GRANTED"::equals).take(1))
                .expectNext("GRANTED")
                .verifyComplete();

        AtomicReference<String> grant = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> consumer(http.get(), "/api/v1/queues/" + queue + "/status", first)
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("GRANTED")
                .jsonPath("$.admissionGrant").value(value -> grant.set((String) value)));

        String consumerId = http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + first).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        server("/api/v1/queues/" + queue + "/validate", Map.of("consumerId", consumerId, "admissionGrant", grant.get()))
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
        server("/api/v1/queues/" + queue + "/complete", Map.of("consumerId", consumerId, "admissionGrant", grant.get()))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        server("/api/v1/queues/" + queue + "/complete", Map.of("consumerId", consumerId))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");

        http.get().uri("/api/v1/sequences/{id}/metrics", experience.at("/sequences/0/id").stringValue())
                .header("Authorization", "Bearer " + shop.liveSecret()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.entered").isEqualTo(2).jsonPath("$.completed").isEqualTo(1);
    }

    @Test
    void whenCredentialsAreWrongForTheJourneyThenRefused() {
        String token = guest();
        // A consumer token is bound to its organization: another tenant's publishable key cannot carry it.
        Tenants.Tenant other = Tenants.create(context, "e2e-other");
        http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", other.livePublishable())
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token.substring(0, token.length() - 3) + "AAA").exchange().expectStatus().isUnauthorized();
        // After logout the token stops working at the gateway.
        http.post().uri("/api/v1/auth/logout").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isUnauthorized();
    }

    private String guest() {
        JsonNode bundle = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(bundle.at("/session/type").stringValue()).isEqualTo("guest");
        return bundle.get("accessToken").stringValue();
    }

    private WebTestClient.ResponseSpec consumer(WebTestClient.RequestHeadersUriSpec<?> method, String path, String token) {
        return method.uri(path).header("X-Publishable-Key", shop.livePublishable()).header("Authorization", "Bearer " + token).exchange();
    }

    private WebTestClient.ResponseSpec server(String path, Map<String, ?> body) {
        return http.post().uri(path).header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
