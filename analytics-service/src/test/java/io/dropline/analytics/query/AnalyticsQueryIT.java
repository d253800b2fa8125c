package io.dropline.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.analytics.store.EventStore;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The event store and POST /analytics/query: events travel the real bus into the store once (redelivery included),
 * both formats count them per bucket, guardrails answer their documented 400s, tenants and environments never mix,
 * and a hanging or absent owning service makes the live part partial within its deadline.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class AnalyticsQueryIT {

    static final HangingServer HANGING = hanging();
    static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
        registry.add("dropline.analytics.live.experiences.base-url", HANGING::url);
        registry.add("dropline.analytics.live.experiences.deadline", () -> "800ms");
        registry.add("dropline.analytics.live.experiences.response-timeout", () -> "600ms");
        registry.add("dropline.analytics.live.commerce.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    @AfterAll
    static void stopServer() {
        HANGING.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionalOperator transaction;

    @Autowired
    EventStore store;

    UUID org;
    Instant now;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        now = Instant.now();
    }

    static HangingServer hanging() {
        try {
            return new HangingServer();
        } catch (IOException failed) {
            throw new IllegalStateException(failed);
        }
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException failed) {
            throw new IllegalStateException(failed);
        }
    }

    EventEnvelope event(UUID organization, String environment, String type, Instant at, Map<String, Object> data) {
        return new EventEnvelope(Ids.newId("evt"), type, Ids.format("org", organization), environment, "queue",
                (String) data.getOrDefault("queueId", "queue_x"), at, "req-test", "test", data);
    }

    Map<String, Object> queueData(String experience, String queue) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("queueId", queue);
        data.put("sequenceId", "seq_01");
        data.put("experienceId", experience);
        data.put("consumerId", Ids.newId("cons"));
        data.put("position", 3);
        data.put("waitTimeSeconds", 2);
        return data;
    }

    void keep(EventEnvelope event) {
        StepVerifier.create(store.keep(event)).expectNextCount(1).verifyComplete();
    }

    long stored(UUID organization) {
        return db.sql("SELECT count(*) FROM stored_events WHERE organization_id = :org").bind("org", organization)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    JsonNode query(String body) {
        return http.post().uri("/api/v1/analytics/query").header(InternalContext.HEADER, TestContexts.admin(org))
                .header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode badQuery(String context, String body) {
        return http.post().uri("/api/v1/analytics/query").header(InternalContext.HEADER, context)
                .header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void eventsFromTheBusAreStoredOnceAndCountedPerMinute() {
        Instant minuteA = now.minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        Instant minuteB = minuteA.plus(3, ChronoUnit.MINUTES);
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(org, "live", "queue.consumer.entered", minuteA.plusSeconds(i * 7), queueData("exp_a", "queue_a")));
        }
        for (int i = 0; i < 2; i++) {
            events.add(event(org, "live", "queue.consumer.entered", minuteB.plusSeconds(i), queueData("exp_b", "queue_b")));
        }
        events.add(event(org, "live", "queue.consumer.admitted", minuteB.plusSeconds(30), queueData("exp_a", "queue_a")));
        StepVerifier.create(outbox.append(events).as(transaction::transactional)).verifyComplete();
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(org) == 8);

        // The relay publishes every row again (a crash between XADD and marking them): nothing is counted twice.
        db.sql("UPDATE outbox SET published_at = NULL WHERE organization_id = :org").bind("org", org).fetch().rowsUpdated().block();
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sql("SELECT count(*) FROM outbox WHERE organization_id = :org "
                + "AND published_at IS NULL").bind("org", org).map(row -> row.get(0, Long.class)).one().block() == 0);
        // And a concurrent second delivery of one event straight into the store.
        StepVerifier.create(Flux.range(0, 8).flatMap(i -> store.keep(events.get(0)).subscribeOn(Schedulers.boundedElastic()))
                .filter(Boolean::booleanValue).count()).expectNext(0L).verifyComplete();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode answer = query("""
                    {"measures":[{"name":"entries","unit":"count","op":"count","event":"queue_entered"},
                                 {"name":"admissions","unit":"count","op":"count","event":"queue_granted"},
                                 {"name":"entriesA","unit":"count","op":"count","event":"queue_entered"}],
                     "interval":"1m","timeRange":"1h",
                     "where":[{"path":"experienceId","op":"in","value":["exp_a","exp_other"]}]}""");
            Map<String, Long> entries = series(answer, "entries");
            assertThat(entries.get(minuteA.toString())).isEqualTo(5L);
            assertThat(entries.get(minuteB.toString())).isEqualTo(0L);
            assertThat(series(answer, "admissions").get(minuteB.toString())).isEqualTo(1L);
            assertThat(entries.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5L);
            assertThat(answer.get("meta").get("entries").get("unit").stringValue()).isEqualTo("count");
            assertThat(answer.has("partial")).isFalse();
        });

        JsonNode all = query("""
                {"measures":[{"name":"entries","unit":"count","op":"count","event":"queue.consumer.entered"},
                             {"name":"avgPosition","unit":"count","op":"avg","event":"queue_entered","field":"position"}],
                 "interval":"1m","timeRange":"1h"}""");
        assertThat(series(all, "entries").get(minuteA.toString())).isEqualTo(5L);
        assertThat(series(all, "entries").get(minuteB.toString())).isEqualTo(2L);
        assertThat(all.get("data").get(0).get("time_bucket").stringValue()).endsWith("Z");

        JsonNode notB = query("""
                {"measures":[{"name":"entries","unit":"count","op":"count","event":"queue_entered"}],
                 "interval":"1h","timeRange":"24h","where":[{"path":"experienceId","op":"neq","value":"exp_b"}]}""");
        assertThat(series(notB, "entries").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5L);
    }

    @Test
    void theLegacyFormatAnswersInItsOwnShape() {
        Instant at = now.minus(2, ChronoUnit.HOURS);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("orderId", "order_1");
        order.put("experienceId", "exp_a");
        order.put("amount", "25.50");
        order.put("currencyCode", "EUR");
        order.put("items", List.of(Map.of("productId", "prod_1", "quantity", 2)));
        keep(event(org, "live", "order.created", at, order));
        Map<String, Object> second = new LinkedHashMap<>(order);
        second.put("amount", "10.00");
        keep(event(org, "live", "order.created", at.plusSeconds(60), second));
        keep(event(org, "live", "queue.consumer.entered", at, queueData("exp_a", "queue_a")));

        JsonNode answer = query("""
                {"measures":[{"name":"orders","event":"order_created","op":"count"},
                             {"name":"revenue","event":"order_created","op":"sum","field":"orderValue","unit":"currency"},
                             {"name":"largest","event":"order_created","op":"max","field":"orderValue"},
                             {"name":"items","event":"order_created","op":"sum","field":"itemCount",
                              "filters":[{"field":"productId","operator":"eq","value":"prod_1"}]},
                             {"name":"entries","event":"queue_entry","op":"count"}],
                 "timeRange":"7d","granularity":"day","timezone":"Europe/Berlin","currencyCode":"EUR"}""");
        Map<String, JsonNode> measures = new LinkedHashMap<>();
        answer.get("measures").forEach(measure -> measures.put(measure.get("name").stringValue(), measure));
        assertThat(measures.get("orders").get("value").asLong()).isEqualTo(2);
        assertThat(measures.get("revenue").get("value").decimalValue()).isEqualByComparingTo("35.50");
        assertThat(measures.get("revenue").get("unit").stringValue()).isEqualTo("currency");
        assertThat(measures.get("largest").get("value").decimalValue()).isEqualByComparingTo("25.5");
        assertThat(measures.get("items").get("value").asLong()).isEqualTo(4);
        assertThat(measures.get("entries").get("value").asLong()).isEqualTo(1);
        assertThat(measures.get("orders").get("series")).hasSizeGreaterThanOrEqualTo(7);
        long seriesTotal = 0;
        for (JsonNode point : measures.get("orders").get("series")) {
            seriesTotal += point.get("value").asLong();
        }
        assertThat(seriesTotal).isEqualTo(2);
        assertThat(answer.get("currencyCode").stringValue()).isEqualTo("EUR");
        assertThat(answer.get("timeRange").get("start").stringValue()).isNotEmpty();

        JsonNode total = query("""
                {"measures":[{"name":"orders","event":"order_created","op":"count"}],"timeRange":"30d"}""");
        assertThat(total.get("measures").get(0).get("value").asLong()).isEqualTo(2);
        assertThat(total.get("measures").get(0).has("series")).isFalse();
    }

    @Test
    void otherTenantsAndTheOtherEnvironmentAreNeverCounted() {
        Instant at = now.minus(5, ChronoUnit.MINUTES);
        keep(event(org, "live", "queue.consumer.entered", at, queueData("exp_a", "queue_a")));
        keep(event(org, "test", "queue.consumer.entered", at, queueData("exp_a", "queue_a")));
        keep(event(org, "test", "queue.consumer.entered", at, queueData("exp_a", "queue_a")));
        keep(event(UUID.randomUUID(), "live", "queue.consumer.entered", at, queueData("exp_a", "queue_a")));
        String body = """
                {"measures":[{"name":"entries","unit":"count","op":"count","event":"queue_entered"}],"interval":"1h","timeRange":"24h"}""";
        assertThat(total(query(body), "entries")).isEqualTo(1);
        JsonNode test = http.post().uri("/api/v1/analytics/query").header(InternalContext.HEADER, TestContexts.admin(org, Environment.TEST))
                .header("Content-Type", "application/json").bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(total(test, "entries")).isEqualTo(2);
    }

    @Test
    void aHangingAndAnAbsentSourceMakeThePartialAnswerWithinTheDeadline() {
        keep(event(org, "live", "queue.consumer.entered", now.minus(1, ChronoUnit.MINUTES), queueData("exp_a", "queue_a")));
        long started = System.nanoTime();
        JsonNode answer = query("""
                {"measures":[{"name":"entries","unit":"count","op":"count","event":"queue_entered"},
                             {"name":"waiting","unit":"count","op":"live","event":"queue.length"},
                             {"name":"stock","unit":"count","op":"live","event":"inventory.remaining"}],
                 "interval":"1h","timeRange":"24h"}""");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(Duration.ofMillis(3000));
        assertThat(answer.get("partial").asBoolean()).isTrue();
        assertThat(answer.get("sources").get("experiences-service").get("status").stringValue()).isEqualTo("timeout");
        assertThat(answer.get("sources").get("commerce-service").get("status").stringValue()).isEqualTo("unavailable");
        assertThat(answer.get("live").get("waiting").isNull()).isTrue();
        assertThat(answer.get("meta").get("waiting").get("live").asBoolean()).isTrue();
        assertThat(total(answer, "entries")).isEqualTo(1);
    }

    @Test
    void theGuardrailsAnswerTheirDocumentedMessages() {
        String admin = TestContexts.admin(org);
        StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"name\":\"m").append(i).append("\",\"unit\":\"count\",\"op\":\"count\",\"event\":\"queue_entered\"}");
        }
        assertThat(badQuery(admin, "{\"measures\":[" + eleven + "],\"interval\":\"1h\",\"timeRange\":\"1d\"}").get("error").stringValue())
                .isEqualTo("Too many measures (max 10)");
        assertThat(badQuery(admin, """
                {"measures":[{"name":"a","unit":"count","op":"count","event":"queue_entered"}],"interval":"1d","timeRange":"91d"}""")
                .get("error").stringValue()).isEqualTo("Requested timeRange exceeds the allowed maximum (90d)");
        assertThat(badQuery(admin, """
                {"measures":[{"name":"a","unit":"count","op":"count","event":"pageFlip"}],"interval":"1d","timeRange":"7d"}""")
                .get("error").stringValue()).isEqualTo("Event 'pageFlip' is not supported");
        assertThat(badQuery(admin, """
                {"measures":[{"name":"rev","unit":"currency","op":"sum","event":"order_created"}],"interval":"1d","timeRange":"7d"}""")
                .get("error").stringValue()).isEqualTo("Measure 'rev' requires a field when using 'sum'");
        assertThat(badQuery(admin, """
                {"measures":[{"name":"x","op":"sum","event":"queue_entry","field":"bidAmount"}],"timeRange":"7d"}""")
                .get("error").stringValue()).isEqualTo("Field 'bidAmount' is not allowed for event 'queue_entry'");
        JsonNode many = badQuery(admin, """
                {"measures":[{"name":"a","unit":"count","op":"count","event":"queue_entered","extra":1}],
                 "interval":"2m","timeRange":"7x","where":[{"path":"email","op":"=","value":"x"}],"surprise":true}""");
        assertThat(many.get("details").size()).isGreaterThanOrEqualTo(4);
        badQuery(admin, "[]");
        badQuery(admin, "{}");
        badQuery(admin, """
                {"measures":[{"name":"a","unit":"count","op":"count","event":"queue_entered"}],"interval":"1m","timeRange":"90d"}""");
        badQuery(admin, """
                {"measures":[{"name":"a","unit":"count","op":"count","event":"queue_entered"}],"interval":"1h","timeRange":"7d",
                 "groupBy":{"field":"segment_rfm"}}""");
        badQuery(admin, """
                {"measures":[{"name":"a","unit":"count","op":"live","event":"queue.height"}],"interval":"1h","timeRange":"7d"}""");
        http.post().uri("/api/v1/analytics/query").header(InternalContext.HEADER, admin)
                .header("Content-Type", "application/json").bodyValue("{not json").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        // Another surface learns nothing.
        http.post().uri("/api/v1/analytics/query").header(InternalContext.HEADER, TestContexts.consumer(org, UUID.randomUUID()))
                .header("Content-Type", "application/json").bodyValue("{}").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isNotEmpty();
    }

    @Test
    void resourceMetricsCountTheResourcesEventsAndSayWhatIsMissing() {
        keep(event(org, "live", "queue.consumer.entered", now.minus(3, ChronoUnit.HOURS), queueData("exp_01", "queue_a")));
        String experience = Ids.format("exp", UUID.randomUUID());
        keep(event(org, "live", "queue.consumer.entered", now.minus(3, ChronoUnit.HOURS), queueData(experience, "queue_a")));
        keep(event(org, "live", "queue.consumer.entered", now.minus(2, ChronoUnit.HOURS), queueData(experience, "queue_a")));
        JsonNode answer = http.get().uri("/api/v1/experiences/{id}/metrics?timeRange=7d", experience)
                .header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(answer.get("events").get("queue.consumer.entered").get("count").asLong()).isEqualTo(2);
        assertThat(answer.get("events").get("queue.consumer.entered").get("sums").get("waitTimeSeconds").asString()).isEqualTo("4");
        assertThat(answer.get("partial").asBoolean()).isTrue();
        assertThat(answer.get("sources").get("experiences-service").get("status").stringValue()).isEqualTo("timeout");

        http.get().uri("/api/v1/experiences/{id}/metrics?timeRange=100d", experience).header(InternalContext.HEADER, TestContexts.admin(org))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Requested timeRange exceeds the allowed maximum (90d)");
        http.get().uri("/api/v1/experiences/{id}/metrics?bogus=1", experience).header(InternalContext.HEADER, TestContexts.admin(org))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        http.get().uri("/api/v1/experiences/not-an-id/metrics").header(InternalContext.HEADER, TestContexts.admin(org))
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Experience not found");
        http.get().uri("/api/v1/products/{id}/metrics", Ids.format("prod", UUID.randomUUID())).header(InternalContext.HEADER, TestContexts.admin(org))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.partial").isEqualTo(true)
                .jsonPath("$.sources['commerce-service'].status").isEqualTo("unavailable");
    }

    static Map<String, Long> series(JsonNode answer, String name) {
        Map<String, Long> values = new LinkedHashMap<>();
        answer.get("data").forEach(row -> values.put(row.get("time_bucket").stringValue(), row.get("series").get(name).asLong()));
        return values;
    }

    static long total(JsonNode answer, String name) {
        return series(answer, name).values().stream().mapToLong(Long::longValue).sum();
    }
}
