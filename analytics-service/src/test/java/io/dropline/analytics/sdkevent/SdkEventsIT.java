package io.dropline.analytics.sdkevent;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.analytics.SpotlightContexts;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /v1/sdk/events: per-event judging, deduplication by event id, and one outbox event per stored event. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SdkEventsIT {

    static final String TOUR = "tour_3f9a1c2b7d4e";
    static final String CONTENT = "cnt_0a1b2c3d4e5f";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    String sdk;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        sdk = SpotlightContexts.sdk(org);
    }

    static Map<String, Object> event(String eventId, String type, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", eventId);
        event.put("type", type);
        event.put("occurred_at", at.toString());
        event.put("item_type", "tour");
        event.put("item_id", TOUR);
        event.put("version", 7);
        event.put("step_id", "welcome");
        event.put("step_index", 0);
        event.put("url", "https://app.example.com/projects/42/settings");
        event.put("properties", Map.of("selector_wait_ms", 120));
        return event;
    }

    static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(event);
        if (value == null) {
            changed.remove(field);
        } else {
            changed.put(field, value);
        }
        return changed;
    }

    static Map<String, Object> batch(List<Map<String, Object>> events) {
        return Map.of("session_id", "s_01HV", "user", Map.of("id", "u-1", "traits", Map.of("plan", "pro")), "events", events);
    }

    JsonNode post(String context, Object body) {
        return http.post().uri("/v1/sdk/events").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody().get("data");
    }

    void expectError(String context, Object body, int status, String code) {
        http.post().uri("/v1/sdk/events").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody()
                .jsonPath("$.error.code").isEqualTo(code)
                .jsonPath("$.error.message").isNotEmpty()
                .jsonPath("$.data").doesNotExist();
    }

    void assertCount(String table, long expected) {
        StepVerifier.create(db.sql("SELECT count(*) FROM " + table + " WHERE organization_id = :org")
                        .bind("org", org).map(row -> row.get(0, Long.class)).one())
                .expectNext(expected).verifyComplete();
    }

    void assertStored(long events) {
        assertCount("sdk_events", events);
        assertCount("outbox", events);
    }

    static void assertAccounting(JsonNode data, int accepted, int duplicates, int rejected) {
        assertThat(data.get("accepted").intValue()).as("accepted").isEqualTo(accepted);
        assertThat(data.get("duplicates").intValue()).as("duplicates").isEqualTo(duplicates);
        assertThat(data.get("rejected")).as("rejected").hasSize(rejected);
    }

    @Test
    void whenABatchMixesGoodBadAndRepeatedEventsThenEachIsCounted() {
        Instant now = Instant.now();
        List<Map<String, Object>> events = List.of(
                event("e-1", "impression", now.minusSeconds(5)),
                event("e-2", "step_viewed", now.minusSeconds(4)),
                with(event("e-3", "teleported", now), "type", "teleported"),
                event("e-1", "impression", now.minusSeconds(5)),
                with(event("e-4", "step_viewed", now), "item_id", "tour_XYZ"),
                with(event("e-5", "impression", now), "surprise", true),
                event("e-6", "tour_completed", now.minusSeconds(1)));
        JsonNode data = post(sdk, batch(events));
        assertAccounting(data, 3, 1, 3);
        assertThat(data.get("rejected").get(0).get("index").intValue()).isEqualTo(2);
        assertThat(data.get("rejected").get(0).get("code").stringValue()).isEqualTo("unknown_type");
        assertThat(data.get("rejected").get(1).get("index").intValue()).isEqualTo(4);
        assertThat(data.get("rejected").get(1).get("code").stringValue()).isEqualTo("invalid_field");
        assertThat(data.get("rejected").get(1).get("message").stringValue()).contains("item_id");
        assertThat(data.get("rejected").get(2).get("index").intValue()).isEqualTo(5);
        assertThat(data.get("rejected").get(2).get("code").stringValue()).isEqualTo("invalid_event");
        assertStored(3);
    }

    @Test
    void whenAnEventComesAgainInALaterBatchThenItIsADuplicateAndNotPublishedAgain() {
        Instant now = Instant.now();
        assertAccounting(post(sdk, batch(List.of(event("a", "impression", now), event("b", "tour_started", now)))), 2, 0, 0);
        JsonNode again = post(sdk, Map.of("anonymous_id", "abc", "events",
                List.of(event("b", "tour_started", now), event("c", "step_viewed", now), event("a", "dismissed", now))));
        assertAccounting(again, 1, 2, 0);
        assertStored(3);
        // The first report of an event id wins: a later one with other content changes nothing.
        StepVerifier.create(db.sql("SELECT type, user_key FROM sdk_events WHERE organization_id = :org AND event_id = 'a'")
                        .bind("org", org).map(row -> row.get("type", String.class) + "/" + row.get("user_key", String.class)).one())
                .expectNext("impression/u-1").verifyComplete();
        StepVerifier.create(db.sql("SELECT user_key FROM sdk_events WHERE organization_id = :org AND event_id = 'c'")
                        .bind("org", org).map(row -> row.get("user_key", String.class)).one())
                .expectNext("anon:abc").verifyComplete();
    }

    @Test
    void whenTheSameBatchArrivesConcurrentlyThenEachEventIsStoredAndPublishedOnce() {
        Instant now = Instant.now();
        List<Map<String, Object>> events = IntStream.range(0, 20)
                .mapToObj(i -> event("c-" + i, "step_viewed", now.minusMillis(i))).toList();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<CompletableFuture<JsonNode>> calls = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(SpotlightContexts.sdk(org), batch(events)), callers))
                .toList();
        List<JsonNode> answers = calls.stream().map(CompletableFuture::join).toList();
        callers.shutdown();
        assertThat(answers.stream().mapToInt(a -> a.get("accepted").intValue()).sum()).isEqualTo(20);
        assertThat(answers.stream().mapToInt(a -> a.get("duplicates").intValue()).sum()).isEqualTo(60);
        assertStored(20);
    }

    @Test
    void whenAcceptedThenTheOutboxHoldsOneSdkEventEnvelopePerEvent() {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> failed = with(with(with(event("sel-1", "selector_not_found", at), "properties",
                Map.of("strategy", "data_attribute", "value", "invite-button", "wait_ms", 3000)), "version", null), "url", null);
        Map<String, Object> found = with(with(with(event("sel-2", "selector_found", at), "item_type", "content"),
                "item_id", CONTENT), "step_id", null);
        JsonNode data = post(sdk, batch(List.of(failed, found)));
        assertAccounting(data, 2, 0, 0);

        StepVerifier.create(db.sql("SELECT s.id AS stored_id, s.type AS stored_type, o.*, o.payload::text AS body "
                                + "FROM sdk_events s JOIN outbox o ON o.id = s.id WHERE s.organization_id = :org ORDER BY s.event_id")
                        .bind("org", org).fetch().all().collectList())
                .assertNext(rows -> assertEnvelopes(rows, at))
                .verifyComplete();
    }

    static void assertEnvelopes(List<Map<String, Object>> rows, Instant at) {
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("type")).isEqualTo(EventTypes.SDK_EVENT);
        assertThat(first.get("stored_type")).isEqualTo("selector_failed");
        assertThat(first.get("environment")).isEqualTo("live");
        assertThat(first.get("aggregate_type")).isEqualTo("tour");
        assertThat(first.get("aggregate_id")).isEqualTo(TOUR);
        assertThat(first.get("actor")).isEqualTo("u-1");
        assertThat(first.get("request_id")).asString().startsWith("req-");
        JsonNode payload = JsonMapper.shared().readTree((String) first.get("body"));
        assertThat(payload.get("event_id").stringValue()).isEqualTo("sel-1");
        assertThat(payload.get("type").stringValue()).isEqualTo("selector_failed");
        assertThat(payload.get("item_type").stringValue()).isEqualTo("tour");
        assertThat(payload.get("item_id").stringValue()).isEqualTo(TOUR);
        assertThat(payload.get("version").isNull()).isTrue();
        assertThat(payload.get("step_id").stringValue()).isEqualTo("welcome");
        assertThat(payload.get("session_id").stringValue()).isEqualTo("s_01HV");
        assertThat(payload.get("user_key").stringValue()).isEqualTo("u-1");
        assertThat(payload.get("occurred_at").stringValue()).isEqualTo(at.toString());
        assertThat(((java.time.OffsetDateTime) first.get("occurred_at")).toInstant()).isEqualTo(at);
        assertThat(payload.get("properties").get("reason").stringValue()).isEqualTo("not_found");
        assertThat(payload.get("properties").get("value").stringValue()).isEqualTo("invite-button");
        Map<String, Object> second = rows.get(1);
        assertThat(second.get("stored_type")).isEqualTo("selector_resolved");
        assertThat(second.get("aggregate_type")).isEqualTo("content");
        JsonNode secondPayload = JsonMapper.shared().readTree((String) second.get("body"));
        assertThat(secondPayload.get("type").stringValue()).isEqualTo("selector_resolved");
        assertThat(secondPayload.get("version").intValue()).isEqualTo(7);
        assertThat(secondPayload.get("step_id").isNull()).isTrue();
        // The envelope id is evt_ + the uuid the event was stored under.
        assertThat(Ids.format("evt", (UUID) first.get("stored_id"))).isEqualTo(Ids.format("evt", (UUID) first.get("id")));
    }

    @Test
    void whenOccurredAtIsOutsideTheAcceptedRangeThenThatEventIsRejected() {
        Instant now = Instant.now();
        JsonNode data = post(sdk, batch(List.of(
                event("old", "impression", now.minus(Duration.ofDays(7)).minus(Duration.ofMinutes(1))),
                event("future", "impression", now.plus(Duration.ofMinutes(6))),
                event("almost-old", "impression", now.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(5))),
                event("slight-skew", "impression", now.plus(Duration.ofMinutes(4))),
                with(event("offset", "impression", now), "occurred_at", now.atOffset(java.time.ZoneOffset.ofHours(5)).toString()),
                with(event("no-offset", "impression", now), "occurred_at", "2025-04-02T10:15:03"),
                with(event("garbage", "impression", now), "occurred_at", "yesterday"),
                with(event("number", "impression", now), "occurred_at", 1700000000))));
        assertAccounting(data, 3, 0, 5);
        List<String> codes = new ArrayList<>();
        data.get("rejected").forEach(r -> codes.add(r.get("index").intValue() + ":" + r.get("code").stringValue()));
        assertThat(codes).containsExactly("0:timestamp_out_of_range", "1:timestamp_out_of_range", "5:invalid_field",
                "6:invalid_field", "7:invalid_field");
        assertStored(3);
    }

    @Test
    void whenEventsAreMalformedThenEachIsRejectedWithItsReason() {
        Instant now = Instant.now();
        String nul = "x" + (char) 0 + "y";
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(with(event("", "impression", now), "event_id", ""));
        events.add(with(event("x", "impression", now), "event_id", "e".repeat(65)));
        events.add(with(event("x", "impression", now), "event_id", null));
        events.add(with(event("m1", "impression", now), "item_type", "survey"));
        events.add(with(event("m2", "impression", now), "item_id", CONTENT));
        events.add(with(event("m3", "impression", now), "version", 0));
        events.add(with(event("m4", "impression", now), "version", "7"));
        events.add(with(event("m5", "step_viewed", now), "step_id", null));
        events.add(with(event("m6", "selector_failed", now), "properties", Map.of("reason", "bored")));
        events.add(with(event("m7", "selector_failed", now), "properties", Map.of("strategy", "css_selector")));
        events.add(with(event("m8", "impression", now), "properties", List.of(1, 2)));
        events.add(with(event("m9", "impression", now), "properties", Map.of("note", nul)));
        events.add(with(event("m10", "impression", now), "step_id", nul));
        events.add(with(with(with(event("m11", "tour_started", now), "item_type", "content"), "item_id", CONTENT), "step_id", null));
        events.add(with(event("m12", "impression", now), "step_index", -1));
        events.add(with(event("e-" + nul, "impression", now), "event_id", "e-" + nul));
        events.add(with(event("m13", "impression", now), "type", null));
        events.add(with(event("ok", "custom", now), "properties", Map.of("name", "report.exported", "rows", 12,
                "text", "'; DROP TABLE sdk_events; -- <script>alert(1)</script> مرحبا é")));
        Map<String, Object> body = new LinkedHashMap<>(batch(events));
        List<Object> withOddOnes = new ArrayList<>(events);
        withOddOnes.add("not an object");
        withOddOnes.add(null);
        body.put("events", withOddOnes);
        JsonNode data = post(sdk, body);
        assertAccounting(data, 1, 0, 19);
        data.get("rejected").forEach(r -> assertThat(r.get("message").stringValue()).isNotBlank());
        assertThat(data.get("rejected").get(0).get("code").stringValue()).isEqualTo("invalid_field");
        assertThat(data.get("rejected").get(2).get("code").stringValue()).isEqualTo("missing_field");
        assertThat(data.get("rejected").get(17).get("index").intValue()).isEqualTo(18);
        assertThat(data.get("rejected").get(17).get("code").stringValue()).isEqualTo("invalid_event");
        assertStored(1);
        StepVerifier.create(db.sql("SELECT properties ->> 'text' FROM sdk_events WHERE organization_id = :org")
                        .bind("org", org).map(row -> row.get(0, String.class)).one())
                .expectNext("'; DROP TABLE sdk_events; -- <script>alert(1)</script> مرحبا é").verifyComplete();
    }

    @Test
    void whenTheBatchItselfIsInvalidThenValidationErrorAndNothingStored() {
        Instant now = Instant.now();
        List<Map<String, Object>> one = List.of(event("one", "impression", now));
        List<Map<String, Object>> tooMany = IntStream.range(0, 101).mapToObj(i -> event("many-" + i, "impression", now)).toList();
        List<Map<String, Object>> hundred = IntStream.range(0, 100).mapToObj(i -> event("h-" + i, "impression", now)).toList();
        expectError(sdk, batch(tooMany), 400, "VALIDATION_ERROR");
        expectError(sdk, batch(List.of()), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u-1")), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", " "), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u".repeat(129)), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("anonymous_id", "a".repeat(124), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u-1", "traits", "vip"), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u-1", "email", "a@b"), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u-1"), "events", one, "user_id", "admin"), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", 42), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("anonymous_id", 42, "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u-1"), "session_id", List.of("s"), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", List.of("u-1"), "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u-1"), "events", "all"), 400, "VALIDATION_ERROR");
        expectError(sdk, Map.of("user", Map.of("id", "u-1"), "session_id", "", "events", one), 400, "VALIDATION_ERROR");
        expectError(sdk, "{\"user\": {\"id\": \"u-1\"}, \"events\": [", 400, "VALIDATION_ERROR");
        expectError(sdk, "[]", 400, "VALIDATION_ERROR");
        http.post().uri("/v1/sdk/events").header(InternalContext.HEADER, sdk).contentType(MediaType.TEXT_PLAIN)
                .bodyValue("hello").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("VALIDATION_ERROR");
        http.post().uri("/v1/sdk/events").header(InternalContext.HEADER, sdk).contentType(MediaType.APPLICATION_JSON)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("VALIDATION_ERROR");
        assertStored(0);
        assertAccounting(post(sdk, Map.of("anonymous_id", "a".repeat(123), "events", hundred)), 100, 0, 0);
        assertStored(100);
    }

    @Test
    void whenTheBodyExceeds256KiBThen413AndNothingStored() {
        Instant now = Instant.now();
        String padding = "p".repeat(3000);
        List<Map<String, Object>> events = IntStream.range(0, 90)
                .mapToObj(i -> with(event("big-" + i, "custom", now), "properties", Map.of("pad", padding))).toList();
        expectError(sdk, batch(events), 413, "VALIDATION_ERROR");
        assertStored(0);
        List<Map<String, Object>> fits = IntStream.range(0, 70)
                .mapToObj(i -> with(event("fit-" + i, "custom", now), "properties", Map.of("pad", padding))).toList();
        assertAccounting(post(sdk, batch(fits)), 70, 0, 0);
    }

    @Test
    void whenCalledOnAnotherSurfaceThenForbiddenAndNothingStored() {
        Map<String, Object> body = batch(List.of(event("s-1", "impression", Instant.now())));
        expectError(SpotlightContexts.admin(org), body, 403, "FORBIDDEN");
        expectError(SpotlightContexts.fanfareAdmin(org), body, 403, "FORBIDDEN");
        http.post().uri("/v1/sdk/events").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHORIZED");
        assertStored(0);
    }

    @Test
    void whenTheSameEventIdComesFromTheTestEnvironmentOrAnotherTenantThenItIsAnotherEvent() {
        Map<String, Object> body = batch(List.of(event("shared-id", "impression", Instant.now())));
        assertAccounting(post(sdk, body), 1, 0, 0);
        assertAccounting(post(SpotlightContexts.sdk(org, Environment.TEST), body), 1, 0, 0);
        assertAccounting(post(SpotlightContexts.sdk(UUID.randomUUID()), body), 1, 0, 0);
        assertAccounting(post(sdk, body), 0, 1, 0);
        StepVerifier.create(db.sql("SELECT environment FROM outbox WHERE organization_id = :org ORDER BY environment")
                        .bind("org", org).map(row -> row.get(0, String.class)).all())
                .expectNext("live", "test").verifyComplete();
    }
}
