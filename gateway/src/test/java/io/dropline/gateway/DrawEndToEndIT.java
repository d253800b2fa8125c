package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * A draw end to end, through the real gateway to real consumer-service and experiences-service processes: a merchant
 * creates a draw (its seed committed), shoppers get guest sessions and enter, watch their status stream until the draw
 * at drawAt decides it, the winner's grant is validated and completed by the merchant's server, and anyone recomputes
 * the winners from the published results.
 */
class DrawEndToEndIT extends SharedMeshEndToEnd {

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;

    @BeforeAll
    void tenant() {
        shop = Tenants.create(context, "e2e-draw");
    }

    @Test
    void whenShoppersEnterADrawThenTheDrawAtDrawAtPicksAWinnerWithAGrantAndAnyoneCanRecomputeIt() throws Exception {
        JsonNode experience = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Sneaker raffle", "sequence", Map.of("name", "General")))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String sequence = experience.at("/sequences/0/id").stringValue();
        Instant drawAt = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        JsonNode created = server("/api/v1/draws", Map.of("sequenceId", sequence, "name", "Raffle", "drawAt", drawAt.toString(),
                "winnerCount", 1, "admissionExpirationSeconds", 600))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String draw = created.get("id").stringValue();
        String commitment = created.get("seedCommitment").stringValue();
        assertThat(created.has("seed")).isFalse();

        http.get().uri("/api/v1/draws/{id}", draw).header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("OPEN")
                .jsonPath("$.seedCommitment").isEqualTo(commitment).jsonPath("$.seed").doesNotExist();

        String first = guest();
        String second = guest();
        JsonNode firstEntry = consumer(http.post(), "/api/v1/draws/" + draw + "/enter", first).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(firstEntry.get("status").stringValue()).isEqualTo("ENTERED");
        assertThat(firstEntry.get("entryId").stringValue()).startsWith("dentry_");
        consumer(http.post(), "/api/v1/draws/" + draw + "/enter", second).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ENTERED");
        consumer(http.get(), "/api/v1/draws/" + draw + "/results", first).expectStatus().isEqualTo(423)
                .expectHeader().exists("Retry-After").expectBody().jsonPath("$.code").isEqualTo("DRAW_NOT_DRAWN");

        // The first shopper watches the live stream through the gateway until the draw decides.
        var stream = http.get().uri("/api/v1/draws/{id}/status", draw).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + first).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { }).getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().get("status").stringValue());
        StepVerifier.create(stream.skipUntil(status -> !status.equals("ENTERED")).take(1))
                .expectNextMatches(status -> status.equals("WON") || status.equals("LOST"))
                .verifyComplete();

        // Exactly one winner, with a grant.
        Map<String, String> tokens = Map.of(first, "first", second, "second");
        String winnerToken = null;
        String grant = null;
        int won = 0;
        for (String token : tokens.keySet()) {
            JsonNode status = consumer(http.get(), "/api/v1/draws/" + draw + "/status", token).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            if (status.get("status").stringValue().equals("WON")) {
                won++;
                winnerToken = token;
                grant = status.get("admissionGrant").stringValue();
                assertThat(status.get("expiresAt").stringValue()).isNotBlank();
            } else {
                assertThat(status.get("status").stringValue()).isEqualTo("LOST");
            }
        }
        assertThat(won).isEqualTo(1);

        // The published results (publishable key): recomputed here from the seed and entry ids alone.
        JsonNode results = http.get().uri("/api/v1/draws/{id}/results", draw).header("X-Publishable-Key", shop.livePublishable())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        byte[] seed = HexFormat.of().parseHex(results.get("seed").stringValue());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed))).isEqualTo(commitment);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(seed, "HmacSHA256"));
        List<String[]> keyed = new ArrayList<>();
        for (JsonNode entry : results.get("entries")) {
            String id = entry.get("entryId").stringValue();
            String key = HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
            assertThat(entry.get("key").stringValue()).isEqualTo(key);
            keyed.add(new String[] {id, key});
        }
        keyed.sort(Comparator.comparing((String[] pair) -> pair[1]));
        assertThat(keyed).hasSize(2);
        assertThat(results.at("/winners/0").stringValue()).isEqualTo(keyed.get(0)[0]);
        String winnerEntry = consumer(http.get(), "/api/v1/draws/" + draw + "/status", winnerToken).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("entryId").stringValue();
        assertThat(winnerEntry).isEqualTo(keyed.get(0)[0]);

        // The merchant's server validates and completes the grant, once.
        String consumerId = http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + winnerToken).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        server("/api/v1/draws/" + draw + "/validate", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
        server("/api/v1/draws/" + draw + "/complete", Map.of("consumerId", consumerId, "admissionGrant", grant))
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("COMPLETED");
        server("/api/v1/draws/" + draw + "/complete", Map.of("consumerId", consumerId))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/api/v1/draws/{id}", draw)
                .header("Authorization", "Bearer " + shop.liveSecret()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED"));
    }

    private String guest() {
        JsonNode bundle = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
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
