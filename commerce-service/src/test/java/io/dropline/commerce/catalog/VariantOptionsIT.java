package io.dropline.commerce.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.commerce.Api;
import io.dropline.contracts.context.Environment;
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

/** Variant options and a product's option assignments; an option its variants use cannot be removed. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class VariantOptionsIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "commerce");
    }

    @Autowired
    WebTestClient http;

    @Test
    void whenOptionsAreAssignedAndUsedThenTheyAreListedAndProtected() {
        UUID org = UUID.randomUUID();
        Api api = new Api(http, TestContexts.admin(org));
        JsonNode size = api.post("/api/v1/variant-options", Map.of("name", "size", "displayName", "Size",
                "values", List.of(Map.of("value", "S"), Map.of("value", "M"), Map.of("value", "L"))));
        String option = size.get("id").stringValue();
        String small = size.get("values").get(0).get("id").stringValue();
        assertThat(api.get("/api/v1/variant-options").get("data")).hasSize(1);
        String product = api.post("/api/v1/products", Map.of("name", "Tee")).get("id").stringValue();

        JsonNode assigned = api.json(HttpMethod.POST, "/api/v1/products/" + product + "/variant-options",
                Map.of("options", List.of(Map.of("optionId", option, "valueIds", List.of(small)))), 200);
        assertThat(assigned.get("assignments").get(0).get("values")).hasSize(1);
        assertThat(assigned.get("assignments").get(0).get("option").get("name").stringValue()).isEqualTo("size");
        api.error(HttpMethod.POST, "/api/v1/products/" + product + "/variant-options",
                Map.of("options", List.of(Map.of("optionId", option, "valueIds", List.of("optval_01JD3Q6Z8WQ0X5T9R2M4N7B1CE")))), 400);

        api.post("/api/v1/products/" + product + "/variants", Map.of("name", "Tee S",
                "optionValues", List.of(Map.of("optionId", option, "valueId", small))));
        assertThat(api.error(HttpMethod.DELETE, "/api/v1/products/" + product + "/variant-options/" + option, null, 409)
                .get("error").stringValue()).isEqualTo("Cannot remove: variants exist");
        assertThat(api.error(HttpMethod.DELETE, "/api/v1/variant-options/" + option, null, 409).get("code").stringValue())
                .isEqualTo("OPTION_IN_USE");

        for (String other : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST))) {
            Api them = api.as(other);
            them.error(HttpMethod.GET, "/api/v1/variant-options/" + option, null, 404);
            them.error(HttpMethod.DELETE, "/api/v1/variant-options/" + option, null, 404);
            them.error(HttpMethod.GET, "/api/v1/products/" + product + "/variant-options", null, 404);
            them.error(HttpMethod.DELETE, "/api/v1/products/" + product + "/variant-options/" + option, null, 404);
            assertThat(them.get("/api/v1/variant-options").get("data")).isEmpty();
        }
        api.error(HttpMethod.POST, "/api/v1/variant-options", Map.of("values", List.of(Map.of("value", ""))), 400);
        api.error(HttpMethod.POST, "/api/v1/variant-options", Map.of("name", "size"), 400);
        api.error(HttpMethod.POST, "/api/v1/products/" + product + "/variant-options", Map.of("options", List.of()), 400);
        assertThat(api.get("/api/v1/products/" + product + "/variant-options").get("assignments")).hasSize(1);
    }
}
