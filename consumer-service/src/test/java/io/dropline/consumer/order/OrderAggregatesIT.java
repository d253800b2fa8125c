package io.dropline.consumer.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order events on the real event bus (Redis Stream, this service's consumer group) keep a consumer's aggregates exactly
 * right under redelivery: the same event delivered again, or handled twice at once, counts once.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dropline.events.consumer.poll-interval=50ms", "dropline.events.consumer.claim-idle=2s"})
@AutoConfigureWebTestClient
class OrderAggregatesIT {

    static String namespace;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "consumer", TestInfra.freshDatabase("consumer"), namespace);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    OrderAggregates aggregates;

    @Test
    void whenOrderEventsArriveTwiceThenTheAggregatesCountEachOnceAndShowOnTheConsumer() {
        UUID org = UUID.randomUUID();
        String context = TestContexts.admin(org);
        String consumer = http.post().uri("/api/v1/consumers").header(InternalContext.HEADER, context)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "buyer@example.com"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant second = first.plusSeconds(30);
        EventEnvelope a = event(org, EventTypes.ORDER_COMPLETED, Map.of("orderId", "order_a", "consumerId", consumer,
                "completedAt", second.toString(), "amount", "100.50", "currencyCode", "USD"));
        EventEnvelope b = event(org, EventTypes.ORDER_COMPLETED, Map.of("orderId", "order_b", "consumerId", consumer,
                "completedAt", first.toString(), "amount", "20.00", "currencyCode", "USD"));
        EventEnvelope refundB = event(org, EventTypes.ORDER_REFUNDED, Map.of("orderId", "order_b", "consumerId", consumer,
                "refundedAt", second.toString(), "amount", "20.00", "currencyCode", "USD"));
        EventEnvelope created = event(org, EventTypes.ORDER_CREATED, Map.of("orderId", "order_c", "consumerId", consumer, "amount", "999.00"));

        // Redelivery: every event is on the stream twice; the refund even arrives before the order it refunds.
        for (EventEnvelope event : new EventEnvelope[] {refundB, a, created, a, b, refundB, b}) {
            publish(event);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode view = consumerView(context, consumer);
            assertThat(view.get("totalOrders").intValue()).isEqualTo(1);
            assertThat(view.get("totalOrderValue").stringValue()).isEqualTo("100.50");
            assertThat(Instant.parse(view.get("lastOrderAt").stringValue())).isEqualTo(second);
        });

        // Two handlers of one event at once (two replicas claiming the same entry) still count once.
        EventEnvelope c = event(org, EventTypes.ORDER_COMPLETED, Map.of("orderId", "order_d", "consumerId", consumer,
                "completedAt", first.toString(), "amount", "0.25", "currencyCode", "USD"));
        Flux.range(0, 8).flatMap(i -> aggregates.apply(c)).then().block(Duration.ofSeconds(20));
        JsonNode view = consumerView(context, consumer);
        assertThat(view.get("totalOrders").intValue()).isEqualTo(2);
        assertThat(view.get("totalOrderValue").stringValue()).isEqualTo("100.75");
        assertThat(Instant.parse(view.get("lastOrderAt").stringValue())).isEqualTo(second);
    }

    private JsonNode consumerView(String context, String consumer) {
        return http.get().uri("/api/v1/consumers/{id}", consumer).header(InternalContext.HEADER, context).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static EventEnvelope event(UUID org, String type, Map<String, Object> data) {
        return new EventEnvelope(Ids.newId("evt"), type, Ids.format("org", org), "live", "order", String.valueOf(data.get("orderId")),
                Instant.now(), "req-test", "commerce-service", data);
    }

    private void publish(EventEnvelope event) {
        redis.opsForStream().add(StreamRecords.newRecord().ofMap(Map.of("type", event.type(), "event",
                JsonMapper.shared().writeValueAsString(event))).withStreamKey(namespace + ":events")).block(Duration.ofSeconds(5));
    }
}
