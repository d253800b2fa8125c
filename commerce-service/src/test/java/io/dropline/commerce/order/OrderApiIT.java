package io.dropline.commerce.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.commerce.Api;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Orders through the Admin API: lifecycle with its outbox events, batch idempotent on externalId, isolation, bad input. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class OrderApiIT {

    static final String CONSUMER = "cons_01JD3Q6Z8WQ0X5T9R2M4N7B1CE";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "commerce");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    Api api;
    String product;
    String variant;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        api = new Api(http, TestContexts.admin(org));
        product = api.post("/api/v1/products", Map.of("name", "Boot")).get("id").stringValue();
        variant = api.post("/api/v1/products/" + product + "/variants", Map.of("name", "44", "inventoryQuantity", 5)).get("id").stringValue();
    }

    private Map<String, Object> order(String externalId, String status) {
        Map<String, Object> order = new HashMap<>(Map.of("consumerId", CONSUMER, "currencyCode", "USD", "status", status,
                "items", List.of(Map.of("productId", product, "variantId", variant, "quantity", 2, "price", "49.95"))));
        if (externalId != null) {
            order.put("externalId", externalId);
        }
        return order;
    }

    @Test
    void whenOrdersMoveThroughTheirLifecycleThenEachStepHappensOnceWithItsEvent() {
        JsonNode created = api.post("/api/v1/orders", order(null, "CREATED"));
        String id = created.get("id").stringValue();
        assertThat(created.get("amount").stringValue()).isEqualTo("99.90");
        assertThat(created.get("items").get(0).get("variantId").stringValue()).isEqualTo(variant);
        assertThat(events("order.created", id)).isEqualTo(1);

        JsonNode completed = api.json(HttpMethod.POST, "/api/v1/orders/" + id + "/complete", null, 200);
        assertThat(completed.get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(completed.get("completedAt").isNull()).isFalse();
        api.json(HttpMethod.POST, "/api/v1/orders/" + id + "/complete", null, 200);
        assertThat(events("order.completed", id)).isEqualTo(1);
        JsonNode payload = payload("order.completed", id);
        assertThat(payload.get("amount").stringValue()).isEqualTo("99.90");
        assertThat(payload.get("consumerId").stringValue()).isEqualTo(CONSUMER);

        JsonNode cancel = api.error(HttpMethod.POST, "/api/v1/orders/" + id + "/cancel", Map.of("reason", "customer_requested"), 409);
        assertThat(cancel.get("code").stringValue()).isEqualTo("INVALID_ORDER_TRANSITION");
        JsonNode refunded = api.json(HttpMethod.PUT, "/api/v1/orders/" + id, Map.of("status", "REFUNDED"), 200);
        assertThat(refunded.get("status").stringValue()).isEqualTo("REFUNDED");
        assertThat(events("order.refunded", id)).isEqualTo(1);

        String other = api.post("/api/v1/orders", order(null, "CREATED")).get("id").stringValue();
        JsonNode cancelled = api.json(HttpMethod.POST, "/api/v1/orders/" + other + "/cancel", Map.of("reason", "customer_requested"), 200);
        assertThat(cancelled.get("cancelReason").stringValue()).isEqualTo("customer_requested");
        assertThat(payload("order.cancelled", other).get("reason").stringValue()).isEqualTo("customer_requested");

        JsonNode list = api.get("/api/v1/orders?status=CANCELLED");
        assertThat(list.get("data")).hasSize(1);
        assertThat(api.json(HttpMethod.DELETE, "/api/v1/orders/" + other, null, 200).get("archived").booleanValue()).isTrue();
        assertThat(api.get("/api/v1/orders").get("data")).hasSize(1);
    }

    @Test
    void whenABatchIsPushedTwiceThenEachExternalIdMakesOneOrderAndOneSetOfEvents() {
        List<Object> batch = List.of(order("shop-1", "COMPLETED"), order("shop-2", "CREATED"), Map.of("currencyCode", "USD"));
        JsonNode first = api.json(HttpMethod.POST, "/api/v1/orders/batch", Map.of("orders", batch), 200).get("data");
        assertThat(first.get(0).get("status").stringValue()).isEqualTo("created");
        assertThat(first.get(1).get("status").stringValue()).isEqualTo("created");
        assertThat(first.get(2).get("status").stringValue()).isEqualTo("failed");
        assertThat(first.get(2).get("details").toString()).contains("orders[2].items");
        JsonNode again = api.json(HttpMethod.POST, "/api/v1/orders/batch", batch, 200).get("data");
        assertThat(again.get(0).get("status").stringValue()).isEqualTo("existing");
        assertThat(again.get(0).get("order").get("id").stringValue()).isEqualTo(first.get(0).get("order").get("id").stringValue());
        assertThat(count("SELECT count(*) FROM orders WHERE organization_id = :org")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = :org AND type = 'order.completed'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE organization_id = :org AND type = 'order.created'")).isEqualTo(2);
        // The single create is idempotent on externalId too: 200 with the existing order.
        JsonNode existing = api.json(HttpMethod.POST, "/api/v1/orders", order("shop-1", "COMPLETED"), 200);
        assertThat(existing.get("id").stringValue()).isEqualTo(first.get(0).get("order").get("id").stringValue());
    }

    @Test
    void whenAnotherTenantAsksOrInputIsBadThenNothingIsFoundOrChanged() {
        String id = api.post("/api/v1/orders", order("x-1", "CREATED")).get("id").stringValue();
        for (String other : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST))) {
            Api them = api.as(other);
            them.error(HttpMethod.GET, "/api/v1/orders/" + id, null, 404);
            them.error(HttpMethod.PUT, "/api/v1/orders/" + id, Map.of("status", "CANCELLED"), 404);
            them.error(HttpMethod.DELETE, "/api/v1/orders/" + id, null, 404);
            them.error(HttpMethod.POST, "/api/v1/orders/" + id + "/complete", null, 404);
            them.error(HttpMethod.POST, "/api/v1/orders/" + id + "/cancel", null, 404);
            assertThat(them.get("/api/v1/orders").get("data")).isEmpty();
            // Another tenant's product and variant are unknown to it: the order is refused, not written.
            them.error(HttpMethod.POST, "/api/v1/orders", order(null, "CREATED"), 400);
        }
        api.error(HttpMethod.POST, "/api/v1/orders", Map.of(), 400);
        api.error(HttpMethod.POST, "/api/v1/orders", Map.of("currencyCode", "USD", "items", List.of()), 400);
        api.error(HttpMethod.POST, "/api/v1/orders", Map.of("currencyCode", "usd", "items", List.of(Map.of("quantity", 1))), 400);
        api.error(HttpMethod.POST, "/api/v1/orders", Map.of("currencyCode", "USD", "amount", "-3", "items", List.of(Map.of("quantity", 1))), 400);
        api.error(HttpMethod.POST, "/api/v1/orders", Map.of("currencyCode", "USD", "amount", "3", "status", "REFUNDED",
                "items", List.of(Map.of("quantity", 0))), 400);
        api.error(HttpMethod.POST, "/api/v1/orders", Map.of("currencyCode", "USD", "amount", "3", "consumerId", "bob",
                "items", List.of(Map.of("quantity", 1, "variantId", "var_x"))), 400);
        api.error(HttpMethod.PUT, "/api/v1/orders/" + id, Map.of("status", "SHIPPED"), 400);
        api.error(HttpMethod.PUT, "/api/v1/orders/" + id, Map.of("status", "REFUNDED"), 409);
        api.error(HttpMethod.GET, "/api/v1/orders?status=nope", null, 400);
        api.error(HttpMethod.GET, "/api/v1/orders?consumerId=x", null, 400);
        api.error(HttpMethod.POST, "/api/v1/orders/batch", Map.of("orders", "x"), 400);
        api.error(HttpMethod.GET, "/api/v1/orders/order_nope", null, 404);
        api.error(HttpMethod.POST, "/api/v1/orders/checkout", Map.of("variantId", variant, "quantity", 1), 400);
        JsonNode invalid = api.error(HttpMethod.POST, "/api/v1/orders/checkout", Map.of("admissionGrant", "not-a-jwt", "variantId", variant,
                "quantity", 1), 403);
        assertThat(invalid.get("code").stringValue()).isEqualTo("ADMISSION_INVALID");
        assertThat(api.get("/api/v1/orders/" + id).get("status").stringValue()).isEqualTo("CREATED");
        assertThat(count("SELECT count(*) FROM orders WHERE organization_id = :org")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM reservations WHERE organization_id = :org")).isZero();
    }

    private long events(String type, String orderId) {
        return db.sql("SELECT count(*) FROM outbox WHERE type = :type AND aggregate_id = :id").bind("type", type).bind("id", orderId)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    private JsonNode payload(String type, String orderId) {
        String json = db.sql("SELECT payload::text FROM outbox WHERE type = :type AND aggregate_id = :id").bind("type", type).bind("id", orderId)
                .map(row -> row.get(0, String.class)).one().block();
        return tools.jackson.databind.json.JsonMapper.shared().readTree(json);
    }

    private long count(String sql) {
        return db.sql(sql).bind("org", org).map(row -> row.get(0, Long.class)).one().block();
    }
}
