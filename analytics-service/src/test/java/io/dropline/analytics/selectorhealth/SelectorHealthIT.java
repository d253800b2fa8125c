package io.dropline.analytics.selectorhealth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.analytics.SpotlightContexts;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

/** Selector health computed from SDK events reported through POST /v1/sdk/events, on a data set with known figures. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SelectorHealthIT {

    static final String TOUR = "tour_aaaaaaaaaaaa";
    static final String BANNER = "cnt_bbbbbbbbbbbb";
    static final String PATH = "/v1/admin/analytics/selector-health";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    Instant now;
    final AtomicInteger sequence = new AtomicInteger();

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        now = Instant.now();
    }

    Map<String, Object> event(String type, String itemId, String stepId, Instant at, Map<String, Object> properties) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", "ev-" + sequence.incrementAndGet());
        event.put("type", type);
        event.put("occurred_at", at.toString());
        event.put("item_type", itemId.startsWith("tour_") ? "tour" : "content");
        event.put("item_id", itemId);
        if (stepId != null) {
            event.put("step_id", stepId);
        }
        event.put("properties", properties);
        return event;
    }

    static Map<String, Object> selector(String strategy, String value) {
        return Map.of("strategy", strategy, "value", value);
    }

    static Map<String, Object> failure(String strategy, String value, String reason) {
        return Map.of("strategy", strategy, "value", value, "reason", reason, "wait_ms", 3000);
    }

    /** Reports the events one end user's page sent, as the SDK would. */
    void report(UUID organization, Environment environment, String user, Map<String, Object>... events) {
        http.post().uri("/v1/sdk/events").header(InternalContext.HEADER, SpotlightContexts.sdk(organization, environment))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("user", Map.of("id", user), "events", List.of(events)))
                .exchange().expectStatus().isAccepted().expectBody()
                .jsonPath("$.data.accepted").isEqualTo(events.length);
    }

    /**
     * The data set. Selector A (tour step s1, data_attribute invite-button): 2 resolved, 1 step view without a selector,
     * 2 not_found, 1 timeout, 1 multiple_matches. Selector B (banner, element_id banner): 4 failures, no success.
     * Selector C (tour step s2, css .ok): 2 found, 1 not_visible. Step s3 is only viewed (no selector events).
     */
    void knownDataSet() {
        Instant t = now.minus(Duration.ofHours(2));
        Map<String, Object> a = selector("data_attribute", "invite-button");
        report(org, Environment.LIVE, "u1",
                event("selector_resolved", TOUR, "s1", t, a),
                event("selector_failed", TOUR, "s1", t.plusSeconds(60), failure("data_attribute", "invite-button", "not_found")),
                event("selector_not_found", BANNER, null, t, Map.of("strategy", "element_id", "value", "banner")),
                event("selector_not_found", BANNER, null, t.plusSeconds(1), Map.of("strategy", "element_id", "value", "banner")));
        report(org, Environment.LIVE, "u2",
                event("selector_resolved", TOUR, "s1", t.plusSeconds(120), a),
                event("selector_failed", BANNER, null, t.plusSeconds(2), failure("element_id", "banner", "timeout")),
                event("selector_found", TOUR, "s2", t, selector("css_selector", ".ok")),
                event("step_viewed", TOUR, "s3", t, Map.of()));
        report(org, Environment.LIVE, "u3",
                event("step_viewed", TOUR, "s1", t.plusSeconds(300), Map.of()),
                event("selector_failed", BANNER, null, t.plusSeconds(400), failure("element_id", "banner", "not_found")),
                event("selector_found", TOUR, "s2", t.plusSeconds(5), selector("css_selector", ".ok")),
                event("selector_failed", TOUR, "s2", t.plusSeconds(6), failure("css_selector", ".ok", "not_visible")));
        report(org, Environment.LIVE, "u4",
                event("selector_failed", TOUR, "s1", t.plusSeconds(200), failure("data_attribute", "invite-button", "not_found")),
                event("selector_failed", TOUR, "s1", t.plusSeconds(240), failure("data_attribute", "invite-button", "timeout")));
        report(org, Environment.LIVE, "u5",
                event("selector_failed", TOUR, "s1", t.plusSeconds(250), failure("data_attribute", "invite-button", "multiple_matches")));
    }

    JsonNode health(String query) {
        return http.get().uri(PATH + query).header(InternalContext.HEADER, SpotlightContexts.admin(org)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("data");
    }

    static JsonNode row(JsonNode data, String itemId, String stepId) {
        for (JsonNode item : data.get("items")) {
            if (item.get("item_id").stringValue().equals(itemId) && (stepId == null ? item.get("step_id").isNull()
                    : stepId.equals(item.get("step_id").stringValue()))) {
                return item;
            }
        }
        throw new AssertionError("No row for " + itemId + " " + stepId);
    }

    static List<String> order(JsonNode data) {
        List<String> keys = new ArrayList<>();
        data.get("items").forEach(item -> keys.add(item.get("item_id").stringValue() + "/"
                + (item.get("step_id").isNull() ? "-" : item.get("step_id").stringValue())));
        return keys;
    }

    @Test
    void whenDefaultsAreUsedThenTheFiguresOfTheKnownDataSet() {
        knownDataSet();
        JsonNode data = health("");
        assertThat(data.get("window_days").intValue()).isEqualTo(7);
        assertThat(data.get("failure_threshold").intValue()).isEqualTo(3);
        assertThat(data.get("total").intValue()).isEqualTo(3);
        assertThat(order(data)).containsExactly(BANNER + "/-", TOUR + "/s1", TOUR + "/s2");

        JsonNode a = row(data, TOUR, "s1");
        assertThat(a.get("item_type").stringValue()).isEqualTo("tour");
        assertThat(a.get("element_target").get("strategy").stringValue()).isEqualTo("data_attribute");
        assertThat(a.get("element_target").get("value").stringValue()).isEqualTo("invite-button");
        assertThat(a.get("successes").longValue()).isEqualTo(3);
        assertThat(a.get("failures").longValue()).isEqualTo(3);
        assertThat(a.get("attempts").longValue()).isEqualTo(6);
        assertThat(a.get("failure_rate").doubleValue()).isEqualTo(0.5);
        assertThat(a.get("failures_by_reason").get("not_found").longValue()).isEqualTo(2);
        assertThat(a.get("failures_by_reason").get("timeout").longValue()).isEqualTo(1);
        assertThat(a.get("failures_by_reason").has("multiple_matches")).isFalse();
        assertThat(a.get("warnings").get("multiple_matches").longValue()).isEqualTo(1);
        assertThat(a.get("affected_users").longValue()).isEqualTo(2);
        assertThat(a.get("unique_users").longValue()).isEqualTo(4);
        Instant t = now.minus(Duration.ofHours(2));
        assertThat(Instant.parse(a.get("last_failure_at").stringValue())).isEqualTo(t.plusSeconds(240).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(Instant.parse(a.get("last_success_at").stringValue())).isEqualTo(t.plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(a.get("flagged").booleanValue()).isTrue();
        assertThat(a.get("status").stringValue()).isEqualTo("degraded");

        JsonNode b = row(data, BANNER, null);
        assertThat(b.get("item_type").stringValue()).isEqualTo("content");
        assertThat(b.get("successes").longValue()).isZero();
        assertThat(b.get("failures").longValue()).isEqualTo(4);
        assertThat(b.get("failure_rate").doubleValue()).isEqualTo(1.0);
        assertThat(b.get("failures_by_reason").get("not_found").longValue()).isEqualTo(3);
        assertThat(b.get("failures_by_reason").get("timeout").longValue()).isEqualTo(1);
        assertThat(b.get("affected_users").longValue()).isEqualTo(3);
        assertThat(b.get("unique_users").longValue()).isEqualTo(3);
        assertThat(b.get("last_success_at").isNull()).isTrue();
        assertThat(b.get("flagged").booleanValue()).isTrue();
        assertThat(b.get("status").stringValue()).isEqualTo("broken");

        JsonNode c = row(data, TOUR, "s2");
        assertThat(c.get("successes").longValue()).isEqualTo(2);
        assertThat(c.get("failures").longValue()).isEqualTo(1);
        assertThat(c.get("failure_rate").doubleValue()).isEqualTo(0.3333);
        assertThat(c.get("affected_users").longValue()).isEqualTo(1);
        assertThat(c.get("unique_users").longValue()).isEqualTo(2);
        assertThat(c.get("flagged").booleanValue()).isFalse();
        assertThat(c.get("status").stringValue()).isEqualTo("healthy");
    }

    @Test
    void whenTheThresholdMovesThenFlagsAndStatusFollowIt() {
        knownDataSet();
        JsonNode four = health("?failure_threshold=4");
        assertThat(four.get("failure_threshold").intValue()).isEqualTo(4);
        assertThat(row(four, BANNER, null).get("flagged").booleanValue()).isTrue();
        assertThat(row(four, TOUR, "s1").get("flagged").booleanValue()).isFalse();
        assertThat(row(four, TOUR, "s1").get("status").stringValue()).isEqualTo("healthy");

        JsonNode five = health("?failure_threshold=5");
        assertThat(row(five, BANNER, null).get("flagged").booleanValue()).isFalse();
        assertThat(row(five, BANNER, null).get("status").stringValue()).isEqualTo("healthy");
        assertThat(order(five)).containsExactly(BANNER + "/-", TOUR + "/s1", TOUR + "/s2");

        JsonNode one = health("?failure_threshold=1");
        assertThat(row(one, TOUR, "s2").get("flagged").booleanValue()).isTrue();
        assertThat(row(one, TOUR, "s2").get("status").stringValue()).isEqualTo("degraded");
    }

    @Test
    void whenEventsFallOutsideTheWindowThenTheyDoNotCount() {
        Map<String, Object> d = failure("element_id", "gone", "not_found");
        report(org, Environment.LIVE, "u1",
                event("selector_failed", TOUR, "s9", now.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(10)), d),
                event("selector_failed", TOUR, "s9", now.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(10)), d),
                event("selector_failed", TOUR, "s9", now.minus(Duration.ofDays(6)), d));
        // Older than the SDK may report: stored earlier (the intake keeps 7 days), still in the table.
        StepVerifier.create(db.sql("INSERT INTO sdk_events (id, organization_id, environment, event_id, type, item_type, item_id, "
                                + "step_id, user_key, occurred_at, received_at, properties) VALUES (:id, :org, 'live', 'old-1', "
                                + "'selector_failed', 'tour', :tour, 's9', 'u1', :at, :at, "
                                + "'{\"strategy\":\"element_id\",\"value\":\"gone\",\"reason\":\"not_found\"}'::jsonb)")
                        .bind("id", Ids.newUuid()).bind("org", org).bind("tour", TOUR)
                        .bind("at", now.minus(Duration.ofDays(8))).fetch().rowsUpdated())
                .expectNext(1L).verifyComplete();

        assertThat(row(health("?window_days=1"), TOUR, "s9").get("failures").longValue()).isEqualTo(1);
        assertThat(row(health("?window_days=2"), TOUR, "s9").get("failures").longValue()).isEqualTo(2);
        JsonNode week = health("");
        assertThat(row(week, TOUR, "s9").get("failures").longValue()).isEqualTo(3);
        assertThat(row(week, TOUR, "s9").get("status").stringValue()).isEqualTo("broken");
        assertThat(row(health("?window_days=9"), TOUR, "s9").get("failures").longValue()).isEqualTo(4);
        assertThat(row(health("?window_days=90&failure_threshold=4"), TOUR, "s9").get("flagged").booleanValue()).isTrue();
    }

    @Test
    void whenAnotherTenantOrEnvironmentAsksThenItSeesNothingOfThisOne() {
        knownDataSet();
        report(org, Environment.TEST, "u1",
                event("selector_failed", TOUR, "s1", now.minusSeconds(60), failure("data_attribute", "invite-button", "timeout")));
        JsonNode test = http.get().uri(PATH).header(InternalContext.HEADER, SpotlightContexts.admin(org, Environment.TEST))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("data");
        assertThat(test.get("total").intValue()).isEqualTo(1);
        assertThat(row(test, TOUR, "s1").get("failures").longValue()).isEqualTo(1);
        http.get().uri(PATH).header(InternalContext.HEADER, SpotlightContexts.admin(UUID.randomUUID())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.total").isEqualTo(0)
                .jsonPath("$.data.items").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"window_days=0", "window_days=91", "window_days=-1", "window_days=seven", "window_days=7.5",
            "failure_threshold=0", "failure_threshold=-3", "failure_threshold=0.2", "failure_threshold=1000000000000",
            "min_samples=20", "window_days=7&window_days=8", "failure_threshold="})
    void whenParametersAreOutOfRangeThenValidationError(String query) {
        http.get().uri(PATH + "?" + query).header(InternalContext.HEADER, SpotlightContexts.admin(org)).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error.code").isEqualTo("VALIDATION_ERROR")
                .jsonPath("$.error.message").isNotEmpty();
    }

    @Test
    void whenCalledOnAnotherSurfaceThenForbidden() {
        for (String context : List.of(SpotlightContexts.sdk(org), SpotlightContexts.fanfareAdmin(org))) {
            http.get().uri(PATH).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo("FORBIDDEN");
        }
    }
}
