package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Auctions end to end, through the real gateway to real consumer-service and experiences-service processes: an English
 * auction where a bid in the final minute extends the close, an outbid shopper learns it on the live stream, the
 * settlement gives the winner a grant the merchant's server completes once; a Dutch auction selling out; both listed
 * in {@code /consumers/me}.
 */
class AuctionEndToEndIT extends SharedMeshEndToEnd {

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;
    String sequence;

    @BeforeAll
    void tenant() {
        shop = Tenants.create(context, "e2e-auction");
        JsonNode experience = http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Lots", "sequence", Map.of("name", "General")))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        sequence = experience.at("/sequences/0/id").stringValue();
    }

    @Test
    void whenABidComesInTheFinalMinuteThenTheCloseExtendsAndTheWinnerGetsAGrantAtThePrice() {
        Instant close = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        String auction = server("/api/v1/auctions", Map.of("sequenceId", sequence, "name", "Signed guitar", "closeAt", close.toString(),
                "settleAt", close.plusSeconds(2).toString(), "supportsGuest", true, "currencyCode", "EUR", "startPrice", "100.00",
                "minBidIncrement", "5.00", "autoExtendSeconds", 6))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        String alice = guest();
        String bob = guest();
        JsonNode first = bid(auction, alice, Map.of("amount", "100.00", "maxAmount", "120.00")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.get("status").stringValue()).isEqualTo("WINNING");
        assertThat(Instant.parse(first.get("closeAt").stringValue())).isEqualTo(close.plusSeconds(6));
        bid(auction, bob, Map.of("amount", 149.99)).expectStatus().isBadRequest();

        var stream = http.get().uri("/api/v1/auctions/{id}/status", auction).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + alice).accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { }).getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().get("status").stringValue());
        StepVerifier.create(stream.take(2))
                .expectNext("WINNING")
                .then(() -> bid(auction, bob, Map.of("amount", "130.00")).expectStatus().isOk().expectBody()
                        .jsonPath("$.status").isEqualTo("WINNING").jsonPath("$.highestBid").isEqualTo("130.00"))
                .expectNext("OUTBID")
                .verifyComplete();
        // Bidding on: still one extension only.
        bid(auction, alice, Map.of("amount", "135.00")).expectStatus().isOk().expectBody().jsonPath("$.closeAt")
                .isEqualTo(close.plusSeconds(6).toString());

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                consumer(auction, "/status", alice).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WON"));
        JsonNode won = consumer(auction, "/status", alice).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(won.get("winningBidAmount").stringValue()).isEqualTo("135.00");
        consumer(auction, "/status", bob).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("LOST");
        String consumerId = http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + alice).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        Map<String, String> action = Map.of("consumerId", consumerId, "admissionGrant", won.get("admissionGrant").stringValue());
        server("/api/v1/auctions/" + auction + "/validate", action).expectStatus().isOk().expectBody().jsonPath("$.valid").isEqualTo(true);
        server("/api/v1/auctions/" + auction + "/complete", action).expectStatus().isOk();
        server("/api/v1/auctions/" + auction + "/complete", action).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");
        http.get().uri("/api/v1/auctions/{id}/bids", auction).header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.data[0].consumerId").isEqualTo(consumerId);
        http.get().uri("/api/v1/auctions/{id}", auction).header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("SETTLED");
    }

    @Test
    void whenADutchAuctionSellsOutThenTheLastBuyerIsRefusedAndBuyersSeeItInConsumersMe() {
        String auction = server("/api/v1/auctions", Map.of("sequenceId", sequence, "name", "Sneakers",
                "settleAt", Instant.now().plusSeconds(3600).toString(), "supportsGuest", true, "auctionType", "dutch",
                "startPrice", "200.00", "priceDropAmount", "10.00", "priceDropIntervalSeconds", 600, "quantity", 2))
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        String first = guest();
        consumer(auction, "/current-price", first).expectStatus().isOk().expectBody()
                .jsonPath("$.currentPrice").isEqualTo("200.00").jsonPath("$.remainingQuantity").isEqualTo(2);
        bid(auction, first, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WON")
                .jsonPath("$.winningBidAmount").isEqualTo("200.00");
        bid(auction, guest(), Map.of()).expectStatus().isOk();
        bid(auction, guest(), Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("AUCTION_SOLD_OUT");
        http.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + first).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.active.auctions['" + auction + "'].status").isEqualTo("WON");
    }

    private String guest() {
        JsonNode bundle = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return bundle.get("accessToken").stringValue();
    }

    private WebTestClient.ResponseSpec bid(String auction, String token, Map<String, ?> body) {
        return http.post().uri("/api/v1/auctions/{id}/bid", auction).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec consumer(String auction, String path, String token) {
        return http.get().uri("/api/v1/auctions/" + auction + path).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange();
    }

    private WebTestClient.ResponseSpec server(String path, Map<String, ?> body) {
        return http.post().uri(path).header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
