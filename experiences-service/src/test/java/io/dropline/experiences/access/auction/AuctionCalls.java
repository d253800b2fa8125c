package io.dropline.experiences.access.auction;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.experiences.access.queue.AdminCalls;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Calls and SQL the auction tests share: a tenant with an experience and a sequence, auctions, bids, settlement now. */
final class AuctionCalls {

    final WebTestClient http;
    final DatabaseClient db;
    final UUID org;
    final AdminCalls api;
    final String experienceId;
    final String sequenceId;

    AuctionCalls(WebTestClient http, DatabaseClient db) {
        this.http = http;
        this.db = db;
        this.org = UUID.randomUUID();
        this.api = new AdminCalls(http, db, TestContexts.admin(org));
        this.experienceId = api.post("/api/v1/experiences", Map.of("name", "Drop", "timeZone", "Europe/Berlin")).get("id").stringValue();
        this.sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
    }

    /** An English auction body settling in an hour, with {@code pairs} over it. */
    Map<String, Object> english(Object... pairs) {
        Map<String, Object> body = new HashMap<>(Map.of("sequenceId", sequenceId, "name", "Signed guitar",
                "settleAt", java.time.Instant.now().plusSeconds(3600).toString(), "currencyCode", "EUR"));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    Map<String, Object> dutch(Object... pairs) {
        Map<String, Object> body = english("auctionType", "dutch", "startPrice", "100.00", "priceDropAmount", "10.00",
                "priceDropIntervalSeconds", 3600, "floorPrice", "50.00");
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    String create(Map<String, Object> body) {
        return api.post("/api/v1/auctions", body).get("id").stringValue();
    }

    String consumer(UUID consumer) {
        return TestContexts.consumer(org, consumer);
    }

    WebTestClient.ResponseSpec bid(String auction, UUID consumer, Object body) {
        return http.post().uri("/api/v1/auctions/{id}/bid", auction).header(InternalContext.HEADER, consumer(consumer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    JsonNode bidOk(String auction, UUID consumer, String amount) {
        return body(bid(auction, consumer, Map.of("amount", amount)).expectStatus().isOk());
    }

    JsonNode status(String auction, UUID consumer) {
        return body(http.get().uri("/api/v1/auctions/{id}/status", auction).header(InternalContext.HEADER, consumer(consumer))
                .exchange().expectStatus().isOk());
    }

    /** Moves the auction's close and settlement just into the past and its settle job with them (the timers then settle it). */
    void settleNow(String auction) {
        UUID id = uuid(auction);
        db.sql("UPDATE auctions SET open_at = CASE WHEN open_at > now() - interval '3 milliseconds' THEN NULL ELSE open_at END, "
                        + "close_at = now() - interval '2 milliseconds', "
                        + "extended_close_at = CASE WHEN extended_close_at IS NULL THEN NULL ELSE now() - interval '2 milliseconds' END, "
                        + "settle_at = now() - interval '1 millisecond' WHERE id = :id")
                .bind("id", id).then().block();
        db.sql("UPDATE distribution_timers t SET due_at = a.settle_at FROM auctions a WHERE a.id = t.distribution_id "
                        + "AND t.distribution_id = :id AND t.kind = 'settle'")
                .bind("id", id).then().block();
    }

    long count(String sql, String auction) {
        return db.sql(sql).bind("a", uuid(auction)).map(row -> row.get(0, Long.class)).one().block();
    }

    long outbox(String type, String auction) {
        return db.sql("SELECT count(*) FROM outbox WHERE type = :t AND aggregate_id = :a").bind("t", type).bind("a", auction)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    static JsonNode body(WebTestClient.ResponseSpec response) {
        return response.expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    static UUID uuid(String id) {
        return Ids.parse("auc", id).orElseThrow();
    }
}
