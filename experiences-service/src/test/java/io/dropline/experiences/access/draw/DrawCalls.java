package io.dropline.experiences.access.draw;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.TestContexts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Calls to the draws API as one organization (admin and its consumers), and reads of the record, for draw tests. */
record DrawCalls(WebTestClient http, DatabaseClient db, UUID org) {

    String admin() {
        return TestContexts.admin(org);
    }

    String consumer(UUID consumer) {
        return TestContexts.consumer(org, consumer);
    }

    String guest(UUID consumer) {
        return TestContexts.consumer(org, Environment.LIVE, consumer, true);
    }

    /** A new experience and sequence; returns the sequence id. */
    String sequence() {
        String experience = post("/api/v1/experiences", Map.of("name", "Drop")).get("id").asString();
        return post("/api/v1/sequences", Map.of("experienceId", experience, "name", "General")).get("id").asString();
    }

    JsonNode post(String path, Object body) {
        return http.post().uri(path).header(InternalContext.HEADER, admin()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** A draw under {@code sequence} drawn at {@code drawAt}, with {@code more} fields. */
    JsonNode draw(String sequence, Instant drawAt, int winners, Map<String, Object> more) {
        Map<String, Object> body = new java.util.HashMap<>(more);
        body.put("sequenceId", sequence);
        body.put("name", "Sneaker raffle");
        body.put("drawAt", drawAt.toString());
        body.put("winnerCount", winners);
        return post("/api/v1/draws", body);
    }

    WebTestClient.ResponseSpec call(String method, String path, Object body, String context) {
        WebTestClient.RequestBodySpec request = http.method(HttpMethod.valueOf(method)).uri(path).header(InternalContext.HEADER, context);
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    JsonNode ok(String method, String path, Object body, String context) {
        return call(method, path, body, context).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode enter(String draw, UUID consumer) {
        return ok("POST", "/api/v1/draws/" + draw + "/enter", null, consumer(consumer));
    }

    JsonNode status(String draw, UUID consumer) {
        return ok("GET", "/api/v1/draws/" + draw + "/status", null, consumer(consumer));
    }

    /** Moves drawAt (and the draw timer) to now, as if the time had come: tests need not wait for a real drawAt. */
    void drawNow(String draw) {
        UUID id = uuid(draw);
        db.sql("UPDATE draws SET draw_at = now() - interval '1 millisecond', "
                        + "open_at = CASE WHEN open_at >= now() - interval '1 millisecond' THEN NULL ELSE open_at END, "
                        + "close_at = CASE WHEN close_at > now() - interval '1 millisecond' THEN NULL ELSE close_at END WHERE id = :id")
                .bind("id", id).then().block();
        db.sql("UPDATE distribution_timers SET due_at = now() - interval '1 millisecond' WHERE distribution_id = :id AND kind = 'draw'")
                .bind("id", id).then().block();
    }

    boolean drawn(String draw) {
        return db.sql("SELECT drawn_at IS NOT NULL FROM draws WHERE id = :id").bind("id", uuid(draw))
                .map(row -> row.get(0, Boolean.class)).one().block();
    }

    long count(String sql, String draw) {
        return db.sql(sql).bind("d", sql.contains(":d") && sql.contains("aggregate_id") ? draw : uuid(draw))
                .map(row -> ((Number) row.get(0)).longValue()).one().block();
    }

    /** Every page of the results, as a client would read them. */
    List<JsonNode> results(String draw, int limit, List<JsonNode> entries) {
        List<JsonNode> pages = new ArrayList<>();
        String after = null;
        do {
            String path = "/api/v1/draws/" + draw + "/results?limit=" + limit + (after == null ? "" : "&after=" + after);
            JsonNode page = ok("GET", path, null, consumer(UUID.randomUUID()));
            pages.add(page);
            page.get("entries").forEach(entries::add);
            after = page.get("pageInfo").get("hasNextPage").asBoolean() ? page.get("pageInfo").get("endCursor").asString() : null;
        } while (after != null);
        return pages;
    }

    static UUID uuid(String draw) {
        return Ids.parse("draw", draw).orElseThrow();
    }
}
