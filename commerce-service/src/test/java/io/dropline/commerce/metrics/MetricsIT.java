package io.dropline.commerce.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.commerce.Api;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /internal/metrics} as the metrics contract says: the tenant's live measures, per resource, internal only. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class MetricsIT {

    static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "commerce");
    }

    @Autowired
    WebTestClient http;

    static String internal(UUID org) {
        return CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("analytics-service"), "req-metrics"));
    }

    @Test
    void whenAnalyticsAsksThenInventoryRemainingAndPendingOrdersAreTheTenantsOwn() {
        UUID org = UUID.randomUUID();
        Api api = new Api(http, TestContexts.admin(org));
        String product = api.post("/api/v1/products", Map.of("name", "Cap")).get("id").stringValue();
        String a = api.post("/api/v1/products/" + product + "/variants", Map.of("name", "A", "inventoryQuantity", 7)).get("id").stringValue();
        api.post("/api/v1/products/" + product + "/variants", Map.of("name", "B", "inventoryQuantity", 5));
        api.post("/api/v1/products/" + product + "/variants", Map.of("name", "Untracked", "inventoryTracked", false, "inventoryQuantity", 99));
        api.post("/api/v1/products/" + product + "/variants/" + a + "/reservations", Map.of("quantity", 2));
        api.post("/api/v1/orders", Map.of("currencyCode", "USD", "amount", "5", "items", List.of(Map.of("productId", product, "quantity", 1))));

        Api analytics = api.as(internal(org));
        JsonNode all = analytics.get("/internal/metrics");
        assertThat(all.get("source").stringValue()).isEqualTo("commerce-service");
        assertThat(all.get("values").get("inventory.remaining").longValue()).isEqualTo(10);
        assertThat(all.get("values").get("orders.pending").longValue()).isEqualTo(1);
        assertThat(analytics.get("/internal/metrics?resource=" + a).get("values").get("inventory.remaining").longValue()).isEqualTo(5);
        assertThat(analytics.get("/internal/metrics?resource=" + product).get("values").get("orders.pending").longValue()).isEqualTo(1);

        assertThat(api.as(internal(UUID.randomUUID())).get("/internal/metrics").get("values").get("inventory.remaining").longValue()).isZero();
        api.as(internal(UUID.randomUUID())).error(HttpMethod.GET, "/internal/metrics?resource=" + product, null, 404);
        analytics.error(HttpMethod.GET, "/internal/metrics?resource=queue_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", null, 404);
        analytics.error(HttpMethod.GET, "/internal/metrics?other=1", null, 400);
        api.error(HttpMethod.GET, "/internal/metrics", null, 404);
    }
}
