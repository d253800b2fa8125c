package io.dropline.commerce.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.commerce.Api;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.ArrayList;
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

/** Products, variants, inventory, media and experience links through the Admin API, against real PostgreSQL. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ProductApiIT {

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

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        api = new Api(http, TestContexts.admin(org));
    }

    @Test
    void whenCreatedThenReadUpdatedSearchedListedAndArchived() {
        JsonNode created = api.post("/api/v1/products", Map.of("name", "Air Max", "price", "149.99", "currencyCode", "USD",
                "metadata", Map.of("drop", "spring"), "primarySyncSource", Map.of("syncSource", "shopify", "syncSourceId", "gid://1")));
        String id = created.get("id").stringValue();
        assertThat(id).startsWith("prod_");
        assertThat(created.get("price").stringValue()).isEqualTo("149.99");
        assertThat(created.get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(created.get("primarySyncSourceId").stringValue()).startsWith("sync_");

        JsonNode updated = api.json(HttpMethod.PUT, "/api/v1/products/" + id, Map.of("description", "Runner", "price", 120), 200);
        assertThat(updated.get("price").stringValue()).isEqualTo("120.00");
        assertThat(updated.get("name").stringValue()).isEqualTo("Air Max");

        JsonNode found = api.get("/api/v1/products/search?syncSource=shopify&syncSourceId=gid://1");
        assertThat(found.get("id").stringValue()).isEqualTo(id);
        assertThat(found.get("variants").isArray()).isTrue();

        api.post("/api/v1/products/" + id + "/variants", Map.of("name", "42", "sku", "AM-42", "inventoryQuantity", 3));
        JsonNode page = api.get("/api/v1/products?include=variants&first=10");
        assertThat(page.get("data")).hasSize(1);
        assertThat(page.get("data").get(0).get("variants").get(0).get("inventoryAvailable").intValue()).isEqualTo(3);

        JsonNode archived = api.json(HttpMethod.DELETE, "/api/v1/products/" + id, null, 200);
        assertThat(archived.get("archived").booleanValue()).isTrue();
        assertThat(api.get("/api/v1/products").get("data")).isEmpty();
        assertThat(api.get("/api/v1/products?archived=true").get("data")).hasSize(1);
    }

    @Test
    void whenASyncSourceKeyIsPostedAgainThenTheSameProductIsUpdated() {
        Map<String, Object> sync = Map.of("syncSource", "shopify", "syncSourceId", "gid://42");
        String first = api.post("/api/v1/products", Map.of("name", "Tee", "sku", "T-1", "primarySyncSource", sync)).get("id").stringValue();
        JsonNode second = api.post("/api/v1/products", Map.of("name", "Tee v2", "primarySyncSource", sync));
        assertThat(second.get("id").stringValue()).isEqualTo(first);
        assertThat(second.get("name").stringValue()).isEqualTo("Tee v2");
        assertThat(second.get("sku").stringValue()).isEqualTo("T-1");
        assertThat(count("SELECT count(*) FROM products WHERE organization_id = :org")).isEqualTo(1);
    }

    @Test
    void whenABatchHasABadItemThenTheOthersAreWrittenAndEachItemIsReported() {
        String existing = api.post("/api/v1/products", Map.of("name", "Cap")).get("id").stringValue();
        List<Object> items = List.of(
                Map.of("name", "Hoodie", "price", "59.00", "currencyCode", "EUR"),
                Map.of("price", "-1"),
                Map.of("id", existing, "status", "DRAFT"),
                Map.of("name", "Socks", "primarySyncSource", Map.of("syncSource", "shopify", "syncSourceId", "s-1")));
        JsonNode results = api.json(HttpMethod.POST, "/api/v1/products/batch", Map.of("products", items), 200).get("data");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("status").stringValue()).isEqualTo("created");
        assertThat(results.get(1).get("status").stringValue()).isEqualTo("failed");
        assertThat(results.get(1).get("details").toString()).contains("products[1].name", "products[1].price");
        assertThat(results.get(2).get("status").stringValue()).isEqualTo("updated");
        assertThat(results.get(2).get("product").get("status").stringValue()).isEqualTo("DRAFT");
        assertThat(results.get(3).get("status").stringValue()).isEqualTo("created");
        assertThat(count("SELECT count(*) FROM products WHERE organization_id = :org")).isEqualTo(3);

        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(Map.of("name", "p" + i));
        }
        api.error(HttpMethod.POST, "/api/v1/products/batch", tooMany, 400);
    }

    @Test
    void whenVariantsAreWrittenThenSkusAreUniquePerOrganizationAndInventoryNeverGoesBelowWhatIsHeld() {
        String product = api.post("/api/v1/products", Map.of("name", "Jacket")).get("id").stringValue();
        JsonNode variant = api.post("/api/v1/products/" + product + "/variants", Map.of("name", "M", "sku", "J-M", "price", "200",
                "compareAtPrice", "250.50", "currencyCode", "USD", "inventoryQuantity", 5,
                "optionValues", List.of(Map.of("optionId", "opt_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "valueId", "optval_01JD3Q6Z8WQ0X5T9R2M4N7B1CE"))));
        String v = variant.get("id").stringValue();
        assertThat(variant.get("compareAtPrice").stringValue()).isEqualTo("250.50");
        JsonNode taken = api.error(HttpMethod.POST, "/api/v1/products/" + product + "/variants", Map.of("name", "L", "sku", "J-M"), 409);
        assertThat(taken.get("code").stringValue()).isEqualTo("SKU_TAKEN");

        String base = "/api/v1/products/" + product + "/variants/" + v;
        api.post(base + "/reservations", Map.of("quantity", 4));
        JsonNode below = api.error(HttpMethod.PATCH, base + "/inventory", Map.of("quantity", 3), 409);
        assertThat(below.get("code").stringValue()).isEqualTo("INSUFFICIENT_INVENTORY");
        JsonNode adjusted = api.json(HttpMethod.PATCH, base + "/inventory", Map.of("adjustment", 2), 200);
        assertThat(adjusted.get("inventoryQuantity").intValue()).isEqualTo(7);
        assertThat(adjusted.get("inventoryAvailable").intValue()).isEqualTo(3);
        JsonNode soldOut = api.error(HttpMethod.POST, base + "/reservations", Map.of("quantity", 4), 409);
        assertThat(soldOut.get("code").stringValue()).isEqualTo("SOLD_OUT");

        api.post("/api/v1/products/" + product + "/variants", Map.of("name", "XL", "inventoryQuantity", 0));
        JsonNode available = api.get("/api/v1/products/" + product + "/variants/available").get("data");
        assertThat(available).hasSize(1);
        assertThat(available.get(0).get("id").stringValue()).isEqualTo(v);
    }

    @Test
    void whenAReservationIsReleasedThenItsUnitsComeBackOnce() {
        String product = api.post("/api/v1/products", Map.of("name", "Bag")).get("id").stringValue();
        String v = api.post("/api/v1/products/" + product + "/variants", Map.of("name", "One", "inventoryQuantity", 2)).get("id").stringValue();
        String base = "/api/v1/products/" + product + "/variants/" + v;
        String reservation = api.post(base + "/reservations", Map.of("quantity", 2, "expiresInSeconds", 60)).get("id").stringValue();
        assertThat(api.get(base).get("inventoryAvailable").intValue()).isZero();
        assertThat(api.json(HttpMethod.DELETE, base + "/reservations/" + reservation, null, 200).get("status").stringValue()).isEqualTo("RELEASED");
        assertThat(api.json(HttpMethod.DELETE, base + "/reservations/" + reservation, null, 200).get("status").stringValue()).isEqualTo("RELEASED");
        assertThat(api.get(base).get("inventoryAvailable").intValue()).isEqualTo(2);
    }

    @Test
    void whenMediaAndExperienceLinksAreWrittenThenTheyAreOrderedAndListed() {
        String product = api.post("/api/v1/products", Map.of("name", "Poster")).get("id").stringValue();
        String a = api.post("/api/v1/products/" + product + "/media-assets", Map.of("mediaAsset", Map.of("url", "https://cdn.example.com/a.png",
                "type", "IMAGE"), "purpose", "GALLERY")).get("id").stringValue();
        String b = api.post("/api/v1/products/" + product + "/media-assets", Map.of("mediaAsset", Map.of("url", "https://cdn.example.com/b.png",
                "type", "IMAGE"), "purpose", "THUMBNAIL")).get("id").stringValue();
        JsonNode reordered = api.json(HttpMethod.PUT, "/api/v1/products/" + product + "/media-assets/reorder", Map.of("assetOrder", List.of(b, a)), 200);
        assertThat(reordered.get("data").get(0).get("id").stringValue()).isEqualTo(b);
        assertThat(api.get("/api/v1/products/" + product).get("mediaAssets")).hasSize(2);

        String experience = "exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE";
        api.json(HttpMethod.PUT, "/api/v1/products/" + product + "/experiences/" + experience, Map.of("weight", 5), 200);
        assertThat(api.get("/api/v1/products/" + product + "/experiences").get("data").get(0).get("weight").intValue()).isEqualTo(5);
        assertThat(api.get("/api/v1/products?experienceId=" + experience).get("data")).hasSize(1);
    }

    /** Another organization, and the test environment of the same one, see nothing: 404 on every route with an id. */
    @Test
    void whenAnotherTenantOrEnvironmentAsksThenEveryRouteAnswers404() {
        String product = api.post("/api/v1/products", Map.of("name", "Secret")).get("id").stringValue();
        String v = api.post("/api/v1/products/" + product + "/variants", Map.of("name", "S", "inventoryQuantity", 1)).get("id").stringValue();
        String r = api.post("/api/v1/products/" + product + "/variants/" + v + "/reservations", Map.of("quantity", 1)).get("id").stringValue();
        String m = api.post("/api/v1/products/" + product + "/media-assets", Map.of("mediaAsset", Map.of("url", "https://cdn.example.com/s.png",
                "type", "IMAGE"), "purpose", "PRODUCT")).get("id").stringValue();
        String p = "/api/v1/products/" + product;
        String pv = p + "/variants/" + v;
        for (String other : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST))) {
            Api them = api.as(other);
            them.error(HttpMethod.GET, p, null, 404);
            them.error(HttpMethod.PUT, p, Map.of("name", "x"), 404);
            them.error(HttpMethod.DELETE, p, null, 404);
            them.error(HttpMethod.GET, p + "/variants", null, 404);
            them.error(HttpMethod.GET, p + "/variants/available", null, 404);
            them.error(HttpMethod.POST, p + "/variants", Map.of("name", "x"), 404);
            them.error(HttpMethod.GET, pv, null, 404);
            them.error(HttpMethod.PUT, pv, Map.of("name", "x"), 404);
            them.error(HttpMethod.PATCH, pv + "/inventory", Map.of("adjustment", 5), 404);
            them.error(HttpMethod.DELETE, pv, null, 404);
            them.error(HttpMethod.POST, pv + "/reservations", Map.of("quantity", 1), 404);
            them.error(HttpMethod.GET, pv + "/reservations/" + r, null, 404);
            them.error(HttpMethod.DELETE, pv + "/reservations/" + r, null, 404);
            them.error(HttpMethod.GET, p + "/media-assets", null, 404);
            them.error(HttpMethod.POST, p + "/media-assets", Map.of("mediaAsset", Map.of("url", "https://x.example.com/a.png", "type", "IMAGE"),
                    "purpose", "PRODUCT"), 404);
            them.error(HttpMethod.PUT, p + "/media-assets/" + m, Map.of("position", 3), 404);
            them.error(HttpMethod.DELETE, p + "/media-assets/" + m, null, 404);
            them.error(HttpMethod.PUT, p + "/experiences/exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", Map.of(), 404);
            them.error(HttpMethod.GET, p + "/experiences", null, 404);
            them.error(HttpMethod.GET, "/api/v1/products/search?syncSource=a&syncSourceId=b", null, 404);
            assertThat(them.get("/api/v1/products").get("data")).isEmpty();
        }
        // A publishable key (consumer surface) sees the Admin API as absent too.
        api.as(TestContexts.consumer(org, UUID.randomUUID())).error(HttpMethod.GET, p, null, 404);
        // Nothing changed.
        JsonNode variant = api.get(pv);
        assertThat(variant.get("inventoryQuantity").intValue()).isEqualTo(1);
        assertThat(variant.get("inventoryReserved").intValue()).isEqualTo(1);
        assertThat(api.get(p).get("name").stringValue()).isEqualTo("Secret");
    }

    /** quality.md's classes of bad input: 400 in the API's format, nothing written. */
    @Test
    void whenInputIsBadThenEveryRouteAnswers400AndNothingChanges() {
        String product = api.post("/api/v1/products", Map.of("name", "Valid")).get("id").stringValue();
        String v = api.post("/api/v1/products/" + product + "/variants", Map.of("name", "V", "inventoryQuantity", 2)).get("id").stringValue();
        String p = "/api/v1/products/" + product;
        String pv = p + "/variants/" + v;
        Map<String, Object> unknownField = Map.of("name", "x", "colour", "red");
        Map<String, Object> wrongTypes = new HashMap<>(Map.of("name", 5, "price", true, "status", "SOLD", "metadata", "text"));
        assertThat(api.error(HttpMethod.POST, "/api/v1/products", Map.of(), 400).get("details").toString()).contains("name");
        api.error(HttpMethod.POST, "/api/v1/products", unknownField, 400);
        JsonNode typed = api.error(HttpMethod.POST, "/api/v1/products", wrongTypes, 400);
        assertThat(typed.get("details")).hasSizeGreaterThanOrEqualTo(4);
        api.error(HttpMethod.POST, "/api/v1/products", Map.of("name", "x".repeat(300)), 400);
        api.error(HttpMethod.POST, "/api/v1/products", Map.of("name", "ok", "price", "1e5"), 400);
        api.error(HttpMethod.POST, "/api/v1/products", Map.of("name", "ok", "currencyCode", "XXY"), 400);
        api.error(HttpMethod.POST, "/api/v1/products", Map.of("name", "ok", "primarySyncSource", Map.of("syncSource", "s")), 400);
        api.error(HttpMethod.POST, "/api/v1/products", List.of(1, 2), 400);
        http.post().uri("/api/v1/products").header("X-Dropline-Context", api.context()).header("Content-Type", "application/json")
                .bodyValue("{\"name\":").exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
        api.error(HttpMethod.PUT, p, Map.of("name", ""), 400);
        Map<String, Object> nullStatus = new HashMap<>();
        nullStatus.put("status", null);
        api.error(HttpMethod.PUT, p, nullStatus, 400);
        api.error(HttpMethod.GET, "/api/v1/products?first=0", null, 400);
        api.error(HttpMethod.GET, "/api/v1/products?include=orders", null, 400);
        api.error(HttpMethod.GET, "/api/v1/products?sortBy=price", null, 400);
        api.error(HttpMethod.GET, "/api/v1/products?after=garbage", null, 400);
        api.error(HttpMethod.GET, "/api/v1/products?bogus=1", null, 400);
        api.error(HttpMethod.GET, "/api/v1/products/search?syncSource=a", null, 400);
        api.error(HttpMethod.GET, p + "?include=x", null, 400);
        api.error(HttpMethod.POST, "/api/v1/products/batch", Map.of("products", List.of()), 400);
        api.error(HttpMethod.POST, p + "/variants", Map.of("name", "x", "inventoryQuantity", -1), 400);
        api.error(HttpMethod.POST, p + "/variants", Map.of("name", "x", "inventoryTracked", "yes"), 400);
        api.error(HttpMethod.POST, p + "/variants", Map.of("name", "x", "optionValues", List.of(Map.of("optionId", "bad"))), 400);
        api.error(HttpMethod.PUT, pv, Map.of("inventoryQuantity", 2_000_000_000), 400);
        api.error(HttpMethod.PATCH, pv + "/inventory", Map.of(), 400);
        api.error(HttpMethod.PATCH, pv + "/inventory", Map.of("adjustment", 1, "quantity", 3), 400);
        api.error(HttpMethod.PATCH, pv + "/inventory", Map.of("adjustment", 1.5), 400);
        api.error(HttpMethod.POST, pv + "/reservations", Map.of("quantity", 0), 400);
        api.error(HttpMethod.POST, pv + "/reservations", Map.of("quantity", 1, "expiresInSeconds", 7200), 400);
        api.error(HttpMethod.POST, p + "/media-assets", Map.of("mediaAsset", Map.of("url", "ftp://x", "type", "GIF"), "purpose", "X"), 400);
        api.error(HttpMethod.PUT, p + "/media-assets/reorder", Map.of("assetOrder", List.of("media_nope")), 400);
        api.error(HttpMethod.PUT, p + "/experiences/exp_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", Map.of("weight", 0), 400);
        api.error(HttpMethod.GET, "/api/v1/products/prod_nope", null, 404);
        api.error(HttpMethod.GET, p + "/variants/var_nope", null, 404);

        JsonNode variant = api.get(pv);
        assertThat(variant.get("inventoryQuantity").intValue()).isEqualTo(2);
        assertThat(variant.get("inventoryReserved").intValue()).isZero();
        assertThat(count("SELECT count(*) FROM products WHERE organization_id = :org")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM variants WHERE organization_id = :org")).isEqualTo(1);
    }

    private long count(String sql) {
        return db.sql(sql).bind("org", org).map(row -> row.get(0, Long.class)).one().block();
    }
}
