package io.dropline.experiences.access.auction;

import static io.dropline.experiences.access.auction.AuctionCalls.body;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Auctions on one instance: the Admin API, English and Dutch rules, proxy bidding, settlement, isolation, bad input. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dropline.distribution.timers.poll-interval=100ms", "dropline.distribution.status-stream.poll=100ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class AuctionApiIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    AuctionCalls calls;

    @BeforeEach
    void newTenant() {
        calls = new AuctionCalls(http, db);
    }

    // ---- Admin API --------------------------------------------------------------------------------------------

    @Test
    void whenCreatedThenShownWithMoneyAsStringsListedAndInTheDistributionsView() {
        JsonNode created = calls.api.post("/api/v1/auctions", calls.english("reservePrice", "500", "minBidIncrement", "5.00",
                "startPrice", "100.00", "autoExtendSeconds", 120, "metadata", Map.of("lot", 7)));
        String id = created.get("id").stringValue();
        assertThat(Ids.parse("auc", id)).isPresent();
        assertThat(created.get("auctionType").stringValue()).isEqualTo("english");
        assertThat(created.get("reservePrice").stringValue()).isEqualTo("500.00");
        assertThat(created.get("minBidIncrement").stringValue()).isEqualTo("5.00");
        assertThat(created.get("currencyCode").stringValue()).isEqualTo("EUR");
        assertThat(created.get("status").stringValue()).isEqualTo("OPEN");
        assertThat(created.get("supportsGuest").booleanValue()).isFalse();
        assertThat(calls.api.get("/api/v1/auctions/" + id).get("name").stringValue()).isEqualTo("Signed guitar");
        assertThat(calls.api.get("/api/v1/auctions?sequenceId=" + calls.sequenceId).get("data").get(0).get("id").stringValue()).isEqualTo(id);
        JsonNode listed = calls.api.get("/api/v1/distributions?type=auction").get("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("type").stringValue()).isEqualTo("auction");
        assertThat(calls.api.get("/api/v1/distributions/" + id).get("name").stringValue()).isEqualTo("Signed guitar");
        assertThat(calls.api.get("/api/v1/experiences/" + calls.experienceId + "?include=distributions").toString()).contains(id);
        // Paging like the other lists.
        calls.create(calls.english());
        JsonNode first = calls.api.get("/api/v1/auctions?first=1");
        assertThat(first.get("data")).hasSize(1);
        String cursor = first.path("pageInfo").path("endCursor").stringValue();
        assertThat(calls.api.get("/api/v1/auctions?first=1&after=" + cursor).get("data")).hasSize(1);
    }

    @Test
    void whenNestedInSequenceAndExperienceCreatesThenCreatedWithThem() {
        JsonNode sequence = calls.api.post("/api/v1/sequences", Map.of("experienceId", calls.experienceId, "name", "Lots",
                "auctions", List.of(Map.of("name", "A", "settleAt", "2031-01-01T12:00:00"))));
        JsonNode listed = calls.api.get("/api/v1/auctions?sequenceId=" + sequence.get("id").stringValue()).get("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("settleAt").stringValue()).isEqualTo("2031-01-01T11:00:00Z");
        JsonNode experience = calls.api.post("/api/v1/experiences", Map.of("name", "Nested", "sequence", Map.of("name", "S",
                "auctions", List.of(Map.of("name", "D", "settleAt", "2031-01-01T12:00:00Z", "auctionType", "dutch", "startPrice", "10",
                        "priceDropAmount", "1", "priceDropIntervalSeconds", 60, "quantity", 5)))));
        assertThat(calls.api.get("/api/v1/auctions?experienceId=" + experience.get("id").stringValue()).get("data")).hasSize(1);
        // A nested Dutch auction without its pricing is refused with the body's other problems; nothing is created.
        calls.api.send("POST", "/api/v1/sequences", Map.of("experienceId", calls.experienceId, "name", "Bad",
                        "auctions", List.of(Map.of("name", "D", "settleAt", "2031-01-01T12:00:00Z", "auctionType", "dutch"))))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'auctions[0].startPrice')]").exists();
        assertThat(calls.api.get("/api/v1/sequences?experienceId=" + calls.experienceId).get("data").toString()).doesNotContain("\"Bad\"");
    }

    @Test
    void whenClosedThenUpdateIsAConflictAndWithBidsThePricingCannotChange() {
        String id = calls.create(calls.english("minBidIncrement", "1.00"));
        calls.bidOk(id, UUID.randomUUID(), "10.00");
        calls.api.send("PUT", "/api/v1/auctions/" + id, Map.of("minBidIncrement", "2.00")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("AUCTION_HAS_BIDS");
        assertThat(calls.api.put("/api/v1/auctions/" + id, Map.of("name", "Renamed")).get("name").stringValue()).isEqualTo("Renamed");
        calls.api.put("/api/v1/auctions/" + id, Map.of("statusOverride", "ended"));
        calls.api.send("PUT", "/api/v1/auctions/" + id, Map.of("name", "Again")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("DISTRIBUTION_CLOSED");
        String other = calls.create(calls.english());
        calls.api.send("DELETE", "/api/v1/auctions/" + other, null).expectStatus().isOk().expectBody();
        calls.api.send("GET", "/api/v1/auctions/" + other, null).expectStatus().isNotFound().expectBody();
    }

    // ---- English rules ----------------------------------------------------------------------------------------

    @Test
    void whenBiddingThenTheStartPriceAndIncrementAreEnforcedAndEachBidderSeesWinningOrOutbid() {
        String id = calls.create(calls.english("startPrice", "100.00", "minBidIncrement", "5.00"));
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        assertThat(calls.status(id, alice).get("status").stringValue()).isEqualTo("NOT_BID");
        calls.bid(id, alice, Map.of("amount", "99.99")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("BID_BELOW_START_PRICE");
        JsonNode first = calls.bidOk(id, alice, "100.00");
        assertThat(first.get("status").stringValue()).isEqualTo("WINNING");
        assertThat(first.get("lastBidAmount").stringValue()).isEqualTo("100.00");
        assertThat(first.get("currencyCode").stringValue()).isEqualTo("EUR");
        calls.bid(id, bob, Map.of("amount", "100.00")).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BID_TOO_LOW");
        calls.bid(id, bob, Map.of("amount", "104.99")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("BID_BELOW_INCREMENT");
        assertThat(calls.bidOk(id, bob, "105.00").get("status").stringValue()).isEqualTo("WINNING");
        JsonNode outbid = calls.status(id, alice);
        assertThat(outbid.get("status").stringValue()).isEqualTo("OUTBID");
        assertThat(outbid.get("highestBid").stringValue()).isEqualTo("105.00");
        assertThat(outbid.get("minimumNextBid").stringValue()).isEqualTo("110.00");
        assertThat(calls.count("SELECT count(*) FROM auction_bids WHERE auction_id = :a", id)).isEqualTo(2);
        assertThat(calls.outbox("auction.bid.outbid", id)).isEqualTo(1);
        JsonNode highest = body(http.get().uri("/api/v1/auctions/{id}/highest-bid", id).header(InternalContext.HEADER, calls.consumer(alice))
                .exchange().expectStatus().isOk());
        assertThat(highest.get("amount").stringValue()).isEqualTo("105.00");
        // Own history, newest first; the public list hides who bid, the admin's shows it.
        JsonNode history = body(http.get().uri("/api/v1/auctions/{id}/bids/history", id).header(InternalContext.HEADER, calls.consumer(alice))
                .exchange().expectStatus().isOk());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("amount").stringValue()).isEqualTo("100.00");
        JsonNode publicBids = body(http.get().uri("/api/v1/auctions/{id}/bids", id).header(InternalContext.HEADER, calls.consumer(alice))
                .exchange().expectStatus().isOk()).get("data");
        assertThat(publicBids).hasSize(2);
        assertThat(publicBids.get(0).has("consumerId")).isFalse();
        assertThat(publicBids.get(0).get("bidderHandle").stringValue()).startsWith("bidder_");
        assertThat(publicBids.get(0).get("isHighest").booleanValue()).isTrue();
        JsonNode adminBids = calls.api.get("/api/v1/auctions/" + id + "/bids").get("data");
        assertThat(adminBids.get(0).get("consumerId").stringValue()).isEqualTo(Ids.format("cons", bob));
        assertThat(adminBids.get(1).get("consumerId").stringValue()).isEqualTo(Ids.format("cons", alice));
    }

    @Test
    void whenABidComesInTheFinalMinuteThenTheCloseIsExtendedOnceOnly() {
        Instant close = Instant.now().plus(40, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.MILLIS);
        String id = calls.create(calls.english("closeAt", close.toString(), "settleAt", close.plusSeconds(10).toString(),
                "autoExtendSeconds", 300));
        JsonNode first = calls.bidOk(id, UUID.randomUUID(), "10.00");
        assertThat(Instant.parse(first.get("closeAt").stringValue())).isEqualTo(close.plusSeconds(300));
        JsonNode auction = calls.api.get("/api/v1/auctions/" + id);
        assertThat(auction.get("extended").booleanValue()).isTrue();
        assertThat(auction.get("closeAt").stringValue()).isEqualTo(close.toString());
        assertThat(calls.count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :a AND kind = 'close' "
                + "AND due_at = '" + close.plusSeconds(300) + "'", id)).isEqualTo(1);
        assertThat(calls.count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :a AND kind = 'settle' "
                + "AND due_at = '" + close.plusSeconds(300) + "'", id)).isEqualTo(1);
        // Pull the extended close into the final minute: a bid now does not extend again.
        db.sql("UPDATE auctions SET extended_close_at = now() + interval '30 seconds' WHERE id = :a").bind("a", AuctionCalls.uuid(id))
                .then().block();
        JsonNode second = calls.bidOk(id, UUID.randomUUID(), "11.00");
        assertThat(Instant.parse(second.get("closeAt").stringValue())).isBefore(Instant.now().plusSeconds(31));
        assertThat(calls.outbox("auction.extended", id)).isEqualTo(1);
        // A bid with no anti-snipe configured never extends.
        String plain = calls.create(calls.english("closeAt", close.toString()));
        assertThat(Instant.parse(calls.bidOk(plain, UUID.randomUUID(), "10.00").get("closeAt").stringValue())).isEqualTo(close);
    }

    @Test
    void whenSettledThenTheHighBidderWinsOnceWithAGrantAtThePriceAndOthersLose() {
        String id = calls.create(calls.english("minBidIncrement", "1.00"));
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        calls.bidOk(id, alice, "50.00");
        calls.bidOk(id, bob, "51.00");
        calls.bidOk(id, alice, "60.00");
        calls.settleNow(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> calls.outbox("auction.settled", id) == 1);
        JsonNode won = calls.status(id, alice);
        assertThat(won.get("status").stringValue()).isEqualTo("WON");
        assertThat(won.get("winningBidAmount").stringValue()).isEqualTo("60.00");
        assertThat(won.get("admissionGrant").stringValue()).isNotBlank();
        assertThat(calls.status(id, bob).get("status").stringValue()).isEqualTo("LOST");
        JsonNode settled = db.sql("SELECT payload::text FROM outbox WHERE type = 'auction.settled' AND aggregate_id = :a").bind("a", id)
                .map(row -> row.get(0, String.class)).one().map(text -> tools.jackson.databind.json.JsonMapper.shared().readTree(text)).block();
        assertThat(settled.get("totalBids").asLong()).isEqualTo(3);
        assertThat(settled.get("uniqueBidders").asLong()).isEqualTo(2);
        assertThat(settled.get("winningBidAmount").stringValue()).isEqualTo("60.00");
        assertThat(settled.get("winnerId").stringValue()).isEqualTo(Ids.format("cons", alice));
        assertThat(calls.api.get("/api/v1/auctions/" + id).get("status").stringValue()).isEqualTo("SETTLED");
        calls.bid(id, bob, Map.of("amount", "100.00")).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("AUCTION_CLOSED");
        // The grant is the core's: validated, completed once (commerce's checkout calls complete).
        String grant = won.get("admissionGrant").stringValue();
        Map<String, String> action = Map.of("consumerId", Ids.format("cons", alice), "admissionGrant", grant);
        calls.api.send("POST", "/api/v1/auctions/" + id + "/validate", action).expectStatus().isOk().expectBody()
                .jsonPath("$.valid").isEqualTo(true);
        calls.api.send("POST", "/api/v1/auctions/" + id + "/complete", action).expectStatus().isOk().expectBody();
        calls.api.send("POST", "/api/v1/auctions/" + id + "/complete", action).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> calls.outbox("auction.settled", id) == 1);
        assertThat(calls.outbox("auction.consumer.won", id)).isEqualTo(1);
    }

    @Test
    void whenTheReserveIsNotMetThenTheHighBidderIsBiddingAndNobodyWins() {
        String id = calls.create(calls.english("reservePrice", "500.00"));
        UUID alice = UUID.randomUUID();
        assertThat(calls.bidOk(id, alice, "100.00").get("status").stringValue()).isEqualTo("BIDDING");
        calls.settleNow(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> calls.outbox("auction.settled", id) == 1);
        assertThat(calls.status(id, alice).get("status").stringValue()).isEqualTo("LOST");
        assertThat(calls.api.get("/api/v1/auctions/" + id).get("winnerId").isNull()).isTrue();
        assertThat(calls.outbox("auction.consumer.won", id)).isZero();
    }

    @Test
    void whenProxyBiddingThenTheSystemBidsTheIncrementForTheBidderUpToTheirMaximum() {
        String id = calls.create(calls.english("startPrice", "100.00", "minBidIncrement", "5.00"));
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        JsonNode proxy = body(calls.bid(id, alice, Map.of("amount", "100.00", "maxAmount", "200.00")).expectStatus().isOk());
        assertThat(proxy.get("maxAmount").stringValue()).isEqualTo("200.00");
        // Bob bids 150: Alice's proxy answers 155 at once, Bob is outbid in the same answer.
        JsonNode bobs = calls.bidOk(id, bob, "150.00");
        assertThat(bobs.get("status").stringValue()).isEqualTo("OUTBID");
        assertThat(bobs.get("highestBid").stringValue()).isEqualTo("155.00");
        assertThat(calls.status(id, alice).get("status").stringValue()).isEqualTo("WINNING");
        // Bob goes above Alice's maximum: he leads one increment above it.
        JsonNode leads = body(calls.bid(id, bob, Map.of("amount", "160.00", "maxAmount", "300.00")).expectStatus().isOk());
        assertThat(leads.get("status").stringValue()).isEqualTo("WINNING");
        assertThat(leads.get("highestBid").stringValue()).isEqualTo("205.00");
        assertThat(calls.status(id, alice).get("status").stringValue()).isEqualTo("OUTBID");
        // Every recorded bid is at least one increment above the one before.
        List<BigDecimal> amounts = db.sql("SELECT amount FROM auction_bids WHERE auction_id = :a ORDER BY seq").bind("a", AuctionCalls.uuid(id))
                .map(row -> row.get(0, BigDecimal.class)).all().collectList().block();
        for (int i = 1; i < amounts.size(); i++) {
            assertThat(amounts.get(i).subtract(amounts.get(i - 1))).isGreaterThanOrEqualTo(new BigDecimal("5.00"));
        }
        assertThat(calls.count("SELECT count(*) FROM auction_bids WHERE auction_id = :a AND kind = 'proxy'", id)).isGreaterThanOrEqualTo(2);
        calls.bid(id, alice, Map.of("amount", "210.00", "maxAmount", "209.00")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[0].field").isEqualTo("maxAmount");
    }

    @Test
    void whenTheStatusIsStreamedThenAnOutbidBidderLearnsItWithinASecond() {
        String id = calls.create(calls.english());
        UUID alice = UUID.randomUUID();
        calls.bidOk(id, alice, "10.00");
        Flux<ServerSentEvent<String>> events = http.get().uri("/api/v1/auctions/{id}/status", id)
                .header(InternalContext.HEADER, calls.consumer(alice)).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).getResponseBody().filter(event -> event.data() != null);
        StepVerifier.create(events)
                .assertNext(event -> assertThat(event.data()).contains("\"WINNING\""))
                .then(() -> calls.bidOk(id, UUID.randomUUID(), "20.00"))
                .assertNext(event -> assertThat(event.data()).contains("\"OUTBID\"").contains("\"20.00\""))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    // ---- Dutch rules ------------------------------------------------------------------------------------------

    @Test
    void whenADutchAuctionIsRacedThenItNeverSellsMoreThanItsQuantity() {
        String id = calls.create(calls.dutch("quantity", 3));
        List<Integer> statuses = Flux.range(0, 12)
                .flatMap(i -> http.post().uri("/api/v1/auctions/{id}/bid", id).header(InternalContext.HEADER, calls.consumer(UUID.randomUUID()))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                        .returnResult(String.class).getResponseBody().then(Mono.just(0)).onErrorReturn(0), 12)
                .collectList().block();
        assertThat(statuses).hasSize(12);
        assertThat(calls.count("SELECT count(*) FROM auction_entries WHERE distribution_id = :a AND status = 'WON'", id)).isEqualTo(3);
        assertThat(calls.count("SELECT sold_count FROM auctions WHERE id = :a", id)).isEqualTo(3);
        assertThat(calls.count("SELECT count(*) FROM auction_bids WHERE auction_id = :a", id)).isEqualTo(3);
        JsonNode price = calls.api.get("/api/v1/auctions/" + id + "/current-price");
        assertThat(price.get("remainingQuantity").asInt()).isZero();
        assertThat(price.get("auctionEnded").booleanValue()).isTrue();
        calls.bid(id, UUID.randomUUID(), Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("AUCTION_SOLD_OUT");
    }

    @Test
    void whenADutchPriceHasDroppedThenABuyerWinsAUnitAtTheCurrentPrice() {
        Instant open = Instant.now().minus(125, ChronoUnit.SECONDS);
        String id = calls.create(calls.dutch("openAt", open.toString(), "priceDropIntervalSeconds", 60, "quantity", 2));
        JsonNode price = calls.api.get("/api/v1/auctions/" + id + "/current-price");
        assertThat(price.get("currentPrice").stringValue()).isEqualTo("80.00");
        assertThat(price.get("remainingQuantity").asInt()).isEqualTo(2);
        UUID buyer = UUID.randomUUID();
        calls.bid(id, buyer, Map.of("amount", "79.99")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("BID_BELOW_CURRENT_PRICE");
        JsonNode won = body(calls.bid(id, buyer, Map.of("amount", "80.00")).expectStatus().isOk());
        assertThat(won.get("status").stringValue()).isEqualTo("WON");
        assertThat(won.get("winningBidAmount").stringValue()).isEqualTo("80.00");
        assertThat(won.get("admissionGrant").stringValue()).isNotBlank();
        calls.bid(id, buyer, Map.of()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_WON");
        JsonNode publicView = body(http.get().uri("/api/v1/auctions/{id}", id).header(InternalContext.HEADER, calls.consumer(buyer))
                .exchange().expectStatus().isOk());
        assertThat(publicView.get("remainingQuantity").asInt()).isEqualTo(1);
        assertThat(publicView.has("reservePrice")).isFalse();
    }

    // ---- Window, guests, isolation, bad input ----------------------------------------------------------------

    @Test
    void whenBiddingBeforeOpenOrAfterCloseOrAsAGuestThenRefusedAndNothingRecorded() {
        String early = calls.create(calls.english("openAt", Instant.now().plusSeconds(90).toString()));
        calls.bid(early, UUID.randomUUID(), Map.of("amount", "10.00")).expectStatus().isEqualTo(423)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(60L, 92L))
                .expectBody().jsonPath("$.code").isEqualTo("AUCTION_NOT_OPEN");
        String late = calls.create(calls.english("openAt", "2020-01-01T00:00:00Z", "closeAt", "2020-01-02T00:00:00Z"));
        calls.bid(late, UUID.randomUUID(), Map.of("amount", "10.00")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Auction is closed");
        String open = calls.create(calls.english());
        http.post().uri("/api/v1/auctions/{id}/bid", open)
                .header(InternalContext.HEADER, TestContexts.consumer(calls.org, Environment.LIVE, UUID.randomUUID(), true))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", "10.00"))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("GUEST_NOT_ALLOWED");
        String guests = calls.create(calls.english("supportsGuest", true));
        http.post().uri("/api/v1/auctions/{id}/bid", guests)
                .header(InternalContext.HEADER, TestContexts.consumer(calls.org, Environment.LIVE, UUID.randomUUID(), true))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", "10.00"))
                .exchange().expectStatus().isOk().expectBody();
        for (String id : List.of(early, late, open)) {
            assertThat(calls.count("SELECT count(*) FROM auction_bids WHERE auction_id = :a", id)).isZero();
        }
    }

    @Test
    void whenAnotherOrganizationOrTheTestEnvironmentAsksThenEveryRouteIs404() {
        String id = calls.create(calls.english());
        UUID consumer = UUID.randomUUID();
        calls.bidOk(id, consumer, "10.00");
        UUID other = UUID.randomUUID();
        for (String admin : List.of(TestContexts.admin(other), TestContexts.admin(calls.org, Environment.TEST))) {
            calls.api.send("GET", "/api/v1/auctions/" + id, null, admin).expectStatus().isNotFound().expectBody();
            calls.api.send("PUT", "/api/v1/auctions/" + id, Map.of("name", "x"), admin).expectStatus().isNotFound().expectBody();
            calls.api.send("DELETE", "/api/v1/auctions/" + id, null, admin).expectStatus().isNotFound().expectBody();
            calls.api.send("GET", "/api/v1/auctions/" + id + "/bids", null, admin).expectStatus().isNotFound().expectBody();
            calls.api.send("GET", "/api/v1/distributions/" + id, null, admin).expectStatus().isNotFound().expectBody();
            calls.api.send("POST", "/api/v1/auctions/" + id + "/complete", Map.of("consumerId", Ids.format("cons", consumer)), admin)
                    .expectStatus().isNotFound().expectBody();
            assertThat(calls.api.send("GET", "/api/v1/auctions", null, admin).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("data")).isEmpty();
        }
        for (String outsider : List.of(TestContexts.consumer(other, consumer), TestContexts.consumer(calls.org, Environment.TEST, consumer, false))) {
            calls.api.send("POST", "/api/v1/auctions/" + id + "/bid", Map.of("amount", "100.00"), outsider).expectStatus().isNotFound().expectBody();
            calls.api.send("POST", "/api/v1/auctions/" + id + "/enter", null, outsider).expectStatus().isNotFound().expectBody();
            for (String path : List.of("", "/status", "/highest-bid", "/bids", "/bids/history")) {
                calls.api.send("GET", "/api/v1/auctions/" + id + path, null, outsider).expectStatus().isNotFound().expectBody();
            }
        }
        assertThat(calls.count("SELECT count(*) FROM auction_bids WHERE auction_id = :a", id)).isEqualTo(1);
    }

    @Test
    void whenBodiesAreBadThenEveryProblemIsOne400AndNothingChanges() {
        calls.api.send("POST", "/api/v1/auctions", Map.of("name", "", "reservePrice", 149.99, "minBidIncrement", "1.999",
                        "auctionType", "vickrey", "quantity", 0, "currencyCode", "euro", "extra", 1))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'sequenceId')]").exists()
                .jsonPath("$.details[?(@.field == 'name')]").exists()
                .jsonPath("$.details[?(@.field == 'settleAt')]").exists()
                .jsonPath("$.details[?(@.field == 'reservePrice')]").exists()
                .jsonPath("$.details[?(@.field == 'minBidIncrement')]").exists()
                .jsonPath("$.details[?(@.field == 'auctionType')]").exists()
                .jsonPath("$.details[?(@.field == 'quantity')]").exists()
                .jsonPath("$.details[?(@.field == 'currencyCode')]").exists()
                .jsonPath("$.details[?(@.field == 'extra')]").exists();
        calls.api.send("POST", "/api/v1/auctions", calls.english("closeAt", "2031-01-02T00:00:00Z", "settleAt", "2031-01-01T00:00:00Z"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("settleAt");
        calls.api.send("POST", "/api/v1/auctions", calls.english("settleAt", "2020-01-01T00:00:00Z"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("settleAt");
        calls.api.send("POST", "/api/v1/auctions", calls.english("auctionType", "dutch")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[?(@.field == 'startPrice')]").exists()
                .jsonPath("$.details[?(@.field == 'priceDropAmount')]").exists()
                .jsonPath("$.details[?(@.field == 'priceDropIntervalSeconds')]").exists();
        calls.api.send("POST", "/api/v1/auctions", calls.english("quantity", 2)).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[0].field").isEqualTo("quantity");
        calls.api.send("POST", "/api/v1/auctions", calls.dutch("floorPrice", "150.00")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.details[0].field").isEqualTo("floorPrice");
        calls.api.send("POST", "/api/v1/auctions", calls.english("sequenceId", "seq_00000000000000000000000000"))
                .expectStatus().isNotFound().expectBody();
        assertThat(db.sql("SELECT count(*) FROM auctions WHERE organization_id = :o").bind("o", calls.org)
                .map(row -> row.get(0, Long.class)).one().block()).isZero();

        String id = calls.create(calls.english("minBidIncrement", "1.00"));
        calls.api.send("PUT", "/api/v1/auctions/" + id, Map.of("statusOverride", "paused", "startPrice", 3)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[?(@.field == 'statusOverride')]").exists()
                .jsonPath("$.details[?(@.field == 'startPrice')]").exists();
        UUID bidder = UUID.randomUUID();
        for (Object bad : List.of(Map.of("amount", 149.99), Map.of("amount", "1.999"), Map.of("amount", "-5"), Map.of("amount", "abc"),
                Map.of(), List.of(1))) {
            calls.bid(id, bidder, bad).expectStatus().isBadRequest().expectBody();
        }
        calls.api.send("GET", "/api/v1/auctions/auc_bad", null).expectStatus().isNotFound().expectBody();
        calls.api.send("GET", "/api/v1/auctions?first=0", null).expectStatus().isBadRequest().expectBody();
        http.get().uri("/api/v1/auctions/{id}/bids/history?limit=0", id).header(InternalContext.HEADER, calls.consumer(bidder))
                .exchange().expectStatus().isBadRequest().expectBody();
        assertThat(calls.count("SELECT count(*) FROM auction_bids WHERE auction_id = :a", id)).isZero();
        assertThat(calls.count("SELECT count(*) FROM auction_entries WHERE distribution_id = :a", id)).isZero();
        assertThat(calls.api.get("/api/v1/auctions/" + id).get("statusOverride").isNull()).isTrue();
    }

    @Test
    void whenAConsumerBidsThenParticipationsListTheAuction() {
        String id = calls.create(calls.english());
        UUID consumer = UUID.randomUUID();
        calls.bidOk(id, consumer, "10.00");
        JsonNode participations = body(http.get().uri("/internal/participations/{consumer}", Ids.format("cons", consumer))
                .header(InternalContext.HEADER, internal()).exchange().expectStatus().isOk());
        assertThat(participations.get("auctions").get(id).get("status").stringValue()).isEqualTo("WINNING");
        assertThat(participations.get("auctions").get(id).get("sequenceId").stringValue()).isEqualTo(calls.sequenceId);
    }

    private String internal() {
        InternalContextCodec codec = new InternalContextCodec(TestInfra.INTERNAL_SECRET);
        return codec.sign(codec.create(calls.org, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("consumer-service"),
                "req-" + UUID.randomUUID()));
    }
}
