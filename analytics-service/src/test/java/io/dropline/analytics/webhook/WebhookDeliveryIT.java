package io.dropline.analytics.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.analytics.store.EventStore;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook deliveries against a real receiver in the test (a merchant verifying signatures), on a virtual clock for
 * the retry schedule: signature and headers, rotation overlap, the 8-attempt schedule and webhook.delivery.failed,
 * 410, auto-disable, replay, a slow receiver not blocking another, and two runners never making one attempt twice.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WebhookDeliveryIT {

    static final MerchantReceiver RECEIVER = receiver();
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final MutableClock CLOCK = new MutableClock(START);

    @TestConfiguration
    static class VirtualClock {

        @Bean
        @Primary
        Clock virtualClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
        registry.add("dropline.webhooks.allow-private-hosts", () -> "true");
        registry.add("dropline.webhooks.poll-interval", () -> "100ms");
        registry.add("dropline.webhooks.timeout", () -> "10s");
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    static MerchantReceiver receiver() {
        try {
            return new MerchantReceiver();
        } catch (IOException failed) {
            throw new IllegalStateException(failed);
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    EventStore store;

    @Autowired
    DeliveryRepository deliveries;

    @Autowired
    DeliverySender sender;

    @Autowired
    WebhookProperties properties;

    UUID org;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
    }

    JsonNode createEndpoint(String url, String... events) {
        Map<String, Object> body = Map.of("url", url, "events", List.of(events));
        return http.post().uri("/api/v1/webhooks").header(InternalContext.HEADER, TestContexts.admin(org))
                .header("Content-Type", "application/json").bodyValue(JsonMapper.shared().writeValueAsString(body)).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    EventEnvelope store(String type, Map<String, Object> data) {
        EventEnvelope event = new EventEnvelope(Ids.newId("evt"), type, Ids.format("org", org), "live", "queue", "queue_1",
                CLOCK.instant().minusSeconds(5), "req", "test", data);
        StepVerifier.create(store.keep(event)).expectNext(true).verifyComplete();
        return event;
    }

    Map<String, Object> deliveryRow(String eventId) {
        UUID event = Ids.parse("evt", eventId).orElseThrow();
        return db.sql("SELECT status, attempts, next_attempt_at, last_error FROM webhook_deliveries WHERE event_id = :id")
                .bind("id", event)
                .map(row -> {
                    Map<String, Object> values = new HashMap<>();
                    values.put("status", row.get("status", String.class));
                    values.put("attempts", row.get("attempts", Integer.class));
                    values.put("next", row.get("next_attempt_at", Instant.class));
                    return values;
                }).one().block();
    }

    boolean endpointEnabled(String endpointId) {
        return db.sql("SELECT enabled FROM webhook_endpoints WHERE id = :id").bind("id", Ids.parse("whe", endpointId).orElseThrow())
                .map(row -> row.get("enabled", Boolean.class)).one().block();
    }

    @Test
    void aDeliveryArrivesSignedAsTheMerchantVerifiesItAndRotationSignsWithBoth() {
        String path = "/ok-" + org;
        JsonNode endpoint = createEndpoint(RECEIVER.url(path), "queue.consumer.admitted");
        String secret = endpoint.get("secret").stringValue();
        assertThat(secret).startsWith("whsec_");
        String endpointId = endpoint.get("id").stringValue();
        // The secret is shown once: never again.
        http.get().uri("/api/v1/webhooks/{id}", endpointId).header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.secret").doesNotExist().jsonPath("$.url").isEqualTo(RECEIVER.url(path));

        store("queue.consumer.entered", Map.of("queueId", "queue_1"));
        EventEnvelope admitted = store("queue.consumer.admitted", Map.of("queueId", "queue_1", "waitTimeSeconds", 12));
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.received(path).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "succeeded".equals(deliveryRow(admitted.id()).get("status")));
        MerchantReceiver.Received request = RECEIVER.received(path).get(0);
        assertThat(MerchantReceiver.verifies(secret, request)).isTrue();
        assertThat(MerchantReceiver.verifies("whsec_wrong", request)).isFalse();
        assertThat(request.header("X-Fanfare-Timestamp")).isEqualTo(Long.toString(CLOCK.instant().getEpochSecond()));
        assertThat(request.header("X-Fanfare-Event-Type")).isEqualTo("queue.consumer.admitted");
        assertThat(request.header("X-Fanfare-Delivery-Id")).startsWith("whk_");
        assertThat(request.header("X-Fanfare-Retry-Count")).isNull();
        assertThat(request.header("User-Agent")).isEqualTo("Fanfare-Webhooks/1.0");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode body = JsonMapper.shared().readTree(request.body());
        assertThat(body.get("id").stringValue()).isEqualTo(Ids.format("whk", Ids.parse("evt", admitted.id()).orElseThrow()));
        assertThat(body.get("type").stringValue()).isEqualTo("queue.consumer.admitted");
        assertThat(body.get("organizationId").stringValue()).isEqualTo(Ids.format("org", org));
        assertThat(body.get("timestamp").stringValue()).isEqualTo(admitted.occurredAt().toString());
        assertThat(body.get("data").get("waitTimeSeconds").asInt()).isEqualTo(12);

        JsonNode rotated = http.post().uri("/api/v1/webhooks/{id}/rotate-secret", endpointId)
                .header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        String newSecret = rotated.get("secret").stringValue();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
        store("queue.consumer.admitted", Map.of("queueId", "queue_1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.received(path).size() == 2);
        MerchantReceiver.Received afterRotation = RECEIVER.received(path).get(1);
        assertThat(MerchantReceiver.verifies(newSecret, afterRotation)).isTrue();
        assertThat(MerchantReceiver.verifies(secret, afterRotation)).isTrue();

        // The delivery log shows the attempt.
        http.get().uri("/api/v1/webhooks/{id}/deliveries", endpointId).header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(2)
                .jsonPath("$.data[1].status").isEqualTo("succeeded")
                .jsonPath("$.data[1].attemptLog[0].statusCode").isEqualTo(200);
    }

    @Test
    void aFailingReceiverIsRetriedOnTheScheduleThenTheDeliveryFails() {
        String path = "/fail-" + org;
        JsonNode endpoint = createEndpoint(RECEIVER.url(path), "*");
        EventEnvelope event = store("order.created", Map.of("orderId", "order_1", "amount", "10.00"));
        List<Duration> schedule = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(30)).until(() -> (int) deliveryRow(event.id()).get("attempts") == 1);
        for (int i = 0; i < schedule.size(); i++) {
            Map<String, Object> row = deliveryRow(event.id());
            Instant lastAttempt = CLOCK.instant();
            assertThat(row.get("status")).isEqualTo("pending");
            assertThat((Instant) row.get("next")).isEqualTo(lastAttempt.plus(schedule.get(i)));
            // Just before it is due nothing happens; at the due time the next attempt is made.
            CLOCK.set(lastAttempt.plus(schedule.get(i)));
            int expected = i + 2;
            await().atMost(Duration.ofSeconds(30)).until(() -> (int) deliveryRow(event.id()).get("attempts") == expected);
        }
        assertThat(deliveryRow(event.id()).get("status")).isEqualTo("failed");
        List<MerchantReceiver.Received> attempts = RECEIVER.received(path).stream()
                .filter(request -> request.body().contains(Ids.format("whk", Ids.parse("evt", event.id()).orElseThrow()))).toList();
        assertThat(attempts).hasSize(8);
        assertThat(attempts.get(0).header("X-Fanfare-Retry-Count")).isNull();
        for (int i = 1; i < 8; i++) {
            assertThat(attempts.get(i).header("X-Fanfare-Retry-Count")).isEqualTo(Integer.toString(i));
            assertThat(attempts.get(i).header("X-Fanfare-Webhook-Id")).isEqualTo(endpoint.get("id").stringValue());
            assertThat(attempts.get(i).body()).isEqualTo(attempts.get(0).body());
        }
        // webhook.delivery.failed is published once, with the last error.
        JsonNode failed = db.sql("SELECT payload::text AS p FROM outbox WHERE type = 'webhook.delivery.failed' AND organization_id = :org")
                .bind("org", org).map(row -> JsonMapper.shared().readTree(row.get("p", String.class))).one().block();
        assertThat(failed.toString()).contains("\"retryCount\":7").contains("HTTP 500").contains("\"willRetry\":false")
                .contains(Ids.format("evt", Ids.parse("evt", event.id()).orElseThrow()));
        CLOCK.advance(Duration.ofDays(3));
        assertThat(deliveryRow(event.id()).get("status")).isEqualTo("failed");
    }

    @Test
    void theBacklogGaugesCountPendingDeliveriesAndThoseDueByTheRunnersClock() {
        createEndpoint(RECEIVER.url("/ok-backlog-" + org), "order.created");
        Instant inAnHour = CLOCK.instant().plus(Duration.ofHours(1));
        // Scheduled in an hour of the runners' clock: pending, and left alone by them while the test looks at it.
        StepVerifier.create(deliveries.enqueueForEvent(org, "live", Ids.newUuid(), "order.created", CLOCK.instant(), "{}", inAnHour))
                .expectNext(1L).verifyComplete();

        // Other tests' deliveries share the table, so only bounds that hold whatever they left are asserted.
        SimpleMeterRegistry runners = measured(CLOCK);
        assertThat(runners.get("dropline.webhook.deliveries.pending").gauge().value()).isGreaterThanOrEqualTo(1.0);
        SimpleMeterRegistry before = measured(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        assertThat(before.get("dropline.webhook.deliveries.due").gauge().value()).isZero();
        assertThat(before.get("dropline.webhook.deliveries.oldest.due.age").gauge().value()).isZero();
        SimpleMeterRegistry after = measured(Clock.fixed(inAnHour.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertThat(after.get("dropline.webhook.deliveries.due").gauge().value()).isGreaterThanOrEqualTo(1.0);
        assertThat(after.get("dropline.webhook.deliveries.oldest.due.age").gauge().value()).isGreaterThanOrEqualTo(3600.0);
    }

    private SimpleMeterRegistry measured(Clock clock) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WebhookBacklog backlog = new WebhookBacklog(db, clock, Duration.ofSeconds(15));
        backlog.bindTo(registry);
        StepVerifier.create(backlog.measure()).verifyComplete();
        return registry;
    }

    @Test
    void goneStopsRetriesAndDisablesTheEndpoint() {
        String path = "/gone-" + org;
        JsonNode endpoint = createEndpoint(RECEIVER.url(path), "order.created");
        EventEnvelope event = store("order.created", Map.of("orderId", "order_1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "gone".equals(deliveryRow(event.id()).get("status")));
        assertThat(deliveryRow(event.id()).get("attempts")).isEqualTo(1);
        assertThat(endpointEnabled(endpoint.get("id").stringValue())).isFalse();
        // A disabled endpoint gets no new deliveries.
        EventEnvelope later = store("order.created", Map.of("orderId", "order_2"));
        assertThat(deliveryRow(later.id())).isNull();
    }

    @Test
    void oneHundredConsecutiveFailuresOverSevenDaysDisableTheEndpoint() {
        String path = "/fail-" + org;
        JsonNode endpoint = createEndpoint(RECEIVER.url(path), "order.created");
        UUID endpointId = Ids.parse("whe", endpoint.get("id").stringValue()).orElseThrow();
        db.sql("UPDATE webhook_endpoints SET consecutive_failures = 98, failing_since = :since WHERE id = :id")
                .bind("since", CLOCK.instant().minus(8, ChronoUnit.DAYS)).bind("id", endpointId).fetch().rowsUpdated().block();
        EventEnvelope first = store("order.created", Map.of("orderId", "order_1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> (int) deliveryRow(first.id()).get("attempts") == 1);
        assertThat(endpointEnabled(endpoint.get("id").stringValue())).isTrue();
        EventEnvelope second = store("order.created", Map.of("orderId", "order_2"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !endpointEnabled(endpoint.get("id").stringValue()));
        http.get().uri("/api/v1/webhooks/{id}", endpoint.get("id").stringValue()).header(InternalContext.HEADER, TestContexts.admin(org))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.enabled").isEqualTo(false)
                .jsonPath("$.disabledReason").isEqualTo("disabled after 100 consecutive failures");
        // The pending retry of the first delivery is cancelled when due, not attempted.
        CLOCK.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> "cancelled".equals(deliveryRow(first.id()).get("status")));
        assertThat((int) deliveryRow(second.id()).get("attempts")).isEqualTo(1);
        // Re-enabled by hand, it starts afresh.
        http.patch().uri("/api/v1/webhooks/{id}", endpoint.get("id").stringValue()).header(InternalContext.HEADER, TestContexts.admin(org))
                .header("Content-Type", "application/json").bodyValue("{\"enabled\":true}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(true).jsonPath("$.consecutiveFailures").isEqualTo(0);
    }

    @Test
    void replayDeliversTheStoredEventsOfTheWindowAgain() {
        String path = "/ok-replay-" + org;
        JsonNode endpoint = createEndpoint(RECEIVER.url(path), "queue.consumer.entered");
        Instant from = CLOCK.instant().minusSeconds(60);
        store("queue.consumer.entered", Map.of("n", 1));
        store("queue.consumer.entered", Map.of("n", 2));
        store("queue.consumer.left", Map.of("n", 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.received(path).size() == 2);
        http.post().uri("/api/v1/webhooks/{id}/replay", endpoint.get("id").stringValue())
                .header(InternalContext.HEADER, TestContexts.admin(org)).header("Content-Type", "application/json")
                .bodyValue("{\"startTime\":\"" + from + "\",\"endTime\":\"" + CLOCK.instant().plusSeconds(1) + "\"}")
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.queued").isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.received(path).size() == 4);
        List<String> ids = RECEIVER.received(path).stream().map(request -> JsonMapper.shared().readTree(request.body()).get("id").stringValue()).toList();
        assertThat(ids.subList(2, 4)).containsExactlyInAnyOrderElementsOf(ids.subList(0, 2));

        // The test route: a synthetic event, signed and delivered the same way.
        http.post().uri("/api/v1/webhooks/test").header(InternalContext.HEADER, TestContexts.admin(org))
                .header("Content-Type", "application/json")
                .bodyValue("{\"endpointId\":\"" + endpoint.get("id").stringValue() + "\",\"eventType\":\"queue.consumer.entered\"}")
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.queued").isEqualTo(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.received(path).size() == 5);
        assertThat(MerchantReceiver.verifies(endpoint.get("secret").stringValue(), RECEIVER.received(path).get(4))).isTrue();
    }

    @Test
    void aSlowReceiverDoesNotHoldBackAnother() {
        String slow = "/slow-" + org;
        String fast = "/ok-fast-" + org;
        createEndpoint(RECEIVER.url(slow), "draw.consumer.entered");
        for (int i = 0; i < 10; i++) {
            store("draw.consumer.entered", Map.of("n", i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.received(slow).size() >= properties.maxInFlightPerEndpoint());
        createEndpoint(RECEIVER.url(fast), "draw.consumer.won");
        store("draw.consumer.won", Map.of("n", 1));
        await().atMost(Duration.ofSeconds(8)).until(() -> RECEIVER.received(fast).size() == 1);
        // The slow endpoint has only its own slots in flight.
        assertThat(RECEIVER.received(slow)).hasSize(properties.maxInFlightPerEndpoint());
    }

    @Test
    void twoRunnersNeverMakeTheSameAttemptTwice() {
        String pathA = "/ok-a-" + org;
        String pathB = "/ok-b-" + org;
        createEndpoint(RECEIVER.url(pathA), "auction.bid.placed");
        createEndpoint(RECEIVER.url(pathB), "auction.bid.placed");
        // A second instance's runner on the same database, polling as fast as it can next to this one's.
        DeliveryRunner other = new DeliveryRunner(deliveries, sender, properties, CLOCK, "runner-second-instance");
        AtomicBoolean running = new AtomicBoolean(true);
        Flux.defer(other::pass).repeat(running::get).subscribeOn(Schedulers.boundedElastic()).subscribe();
        try {
            for (int i = 0; i < 40; i++) {
                store("auction.bid.placed", Map.of("bidAmount", "1" + i));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVER.received(pathA).size() + RECEIVER.received(pathB).size() >= 80
                    && db.sql("SELECT count(*) FROM webhook_deliveries WHERE organization_id = :org AND status = 'succeeded'")
                    .bind("org", org).map(row -> row.get(0, Long.class)).one().block() == 80);
        } finally {
            running.set(false);
        }
        List<String> deliveryIds = RECEIVER.received(pathA).stream().map(request -> request.header("X-Fanfare-Delivery-Id")).toList();
        List<String> deliveryIdsB = RECEIVER.received(pathB).stream().map(request -> request.header("X-Fanfare-Delivery-Id")).toList();
        assertThat(deliveryIds).hasSize(40).doesNotHaveDuplicates();
        assertThat(deliveryIdsB).hasSize(40).doesNotHaveDuplicates();
        List<String> runners = db.sql("SELECT DISTINCT a.runner FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                + "WHERE d.organization_id = :org").bind("org", org).map(row -> row.get(0, String.class)).all().collectList().block();
        assertThat(db.sql("SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
                + "WHERE d.organization_id = :org").bind("org", org).map(row -> row.get(0, Long.class)).one().block()).isEqualTo(80L);
        assertThat(runners).isNotEmpty();
    }
}
