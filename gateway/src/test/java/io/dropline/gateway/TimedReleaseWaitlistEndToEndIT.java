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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * A timed release and a waitlist end to end, through the real gateway to real consumer-service and
 * experiences-service processes: the merchant creates both with an experience, a shopper enters the timed release and
 * is granted at once (watched over Server-Sent Events, listed in {@code /consumers/me}), the merchant's server
 * validates and completes the grant once; another shopper signs up on the waitlist, the merchant runs a wave, and the
 * shopper's live status turns NOTIFIED.
 */
class TimedReleaseWaitlistEndToEndIT extends SharedMeshEndToEnd {

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;
    String experienceId;

    @BeforeAll
    void tenantWithADrop() {
        shop = Tenants.create(context, "e2e-timed");
        experienceId = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Noon drop", "sequence", Map.of("name", "General",
                        "timedReleases", List.of(Map.of("name", "Noon", "supportsGuest", true)),
                        "waitlist", Map.of("name", "Restock", "capacity", 100))))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
    }

    @Test
    void whenAShopperEntersATimedReleaseThenGrantedAtOnceAndTheMerchantCompletesTheGrantOnce() {
        String release = admin("/api/v1/timed-releases?experienceId=" + experienceId).at("/data/0/id").stringValue();
        http.get().uri("/api/v1/timed-releases/{id}", release).header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("OPEN").jsonPath("$.metadata").doesNotExist();

        String shopper = guest();
        JsonNode entered = consumer(http.post(), "/api/v1/timed-releases/" + release + "/enter", shopper).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(entered.get("status").stringValue()).isEqualTo("GRANTED");
        String grant = entered.get("admissionGrant").stringValue();

        var stream = http.get().uri("/api/v1/timed-releases/{id}/status", release).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + shopper).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { }).getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().get("status").stringValue());
        StepVerifier.create(stream.take(1)).expectNext("GRANTED").verifyComplete();

        JsonNode me = consumer(http.get(), "/api/v1/consumers/me", shopper).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(me.at("/active/timedReleases/" + release + "/status").asString()).as(me.toString()).isEqualTo("GRANTED");
        String consumerId = me.get("id").stringValue();

        server("/api/v1/timed-releases/" + release + "/validate", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
        server("/api/v1/timed-releases/" + release + "/complete", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        server("/api/v1/timed-releases/" + release + "/complete", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");
        server("/api/v1/timed-releases/" + release + "/validate", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(false).jsonPath("$.reason").isEqualTo("ALREADY_COMPLETED");
    }

    @Test
    void whenAShopperSignsUpOnTheWaitlistThenTheMerchantsWaveNotifiesThem() {
        String waitlist = admin("/api/v1/waitlists?experienceId=" + experienceId).at("/data/0/id").stringValue();
        http.get().uri("/api/v1/waitlists/{id}", waitlist).header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("OPEN");

        String shopper = guest();
        consumer(http.post(), "/api/v1/waitlists/" + waitlist + "/enter", shopper).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("WAITING").jsonPath("$.isEntered").isEqualTo(true);
        JsonNode me = consumer(http.get(), "/api/v1/consumers/me", shopper).expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(me.at("/active/waitlists/" + waitlist + "/status").asString()).as(me.toString()).isEqualTo("WAITING");

        var stream = http.get().uri("/api/v1/waitlists/{id}/status", waitlist).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + shopper).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { }).getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().get("status").stringValue());
        StepVerifier.create(stream)
                .expectNext("WAITING")
                .then(() -> http.post().uri("/api/v1/waitlists/{id}/waves", waitlist).header("Authorization", "Bearer " + shop.liveSecret())
                        .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.wave").isEqualTo(1))
                .expectNext("NOTIFIED")
                .expectComplete()
                .verify(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> consumer(http.get(), "/api/v1/waitlists/" + waitlist + "/status", shopper)
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("NOTIFIED").jsonPath("$.notifiedWave").isEqualTo(1));
        String csv = http.get().uri("/api/v1/waitlists/{id}/consumers.csv", waitlist).header("Authorization", "Bearer " + shop.liveSecret())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().toList().get(1)).contains(",NOTIFIED,");
        // Another tenant's key gets the waitlist's 404.
        Tenants.Tenant other = Tenants.create(context, "e2e-timed-other");
        http.get().uri("/api/v1/waitlists/{id}", waitlist).header("Authorization", "Bearer " + other.liveSecret()).exchange()
                .expectStatus().isNotFound().expectBody();
    }

    private JsonNode admin(String path) {
        return http.get().uri(path).header("Authorization", "Bearer " + shop.liveSecret()).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String guest() {
        return http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("accessToken").stringValue();
    }

    private WebTestClient.ResponseSpec consumer(WebTestClient.RequestHeadersUriSpec<?> method, String path, String token) {
        return method.uri(path).header("X-Publishable-Key", shop.livePublishable()).header("Authorization", "Bearer " + token).exchange();
    }

    private WebTestClient.ResponseSpec server(String path, Map<String, ?> body) {
        return http.post().uri(path).header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
