package io.dropline.analytics.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The webhook endpoints' API with the production SSRF guard: only public https receivers are accepted; every bad
 * input is a 4xx in the API's format and changes nothing; another tenant, environment or surface sees nothing; the
 * secret is returned only when it is made.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.webhooks.runner-enabled=false")
@AutoConfigureWebTestClient
class WebhookApiIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    String admin;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        admin = TestContexts.admin(org);
    }

    WebTestClient.ResponseSpec post(String context, String uri, String body) {
        return http.post().uri(uri).header(InternalContext.HEADER, context).header("Content-Type", "application/json")
                .bodyValue(body).exchange();
    }

    long endpoints() {
        return db.sql("SELECT count(*) FROM webhook_endpoints WHERE organization_id = :org").bind("org", org)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    JsonNode created() {
        return post(admin, "/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/dropline\",\"events\":[\"order.created\"]}")
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void theEventCatalogueListsEveryEmittedTypeOnceForTheAdminApiOnly() {
        JsonNode catalogue = http.get().uri("/api/v1/webhooks/events").header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<String> types = catalogue.get("data").valueStream().map(entry -> entry.get("type").stringValue()).toList();
        assertThat(types).doesNotHaveDuplicates()
                .containsExactlyElementsOf(EventTypes.CATALOGUE.stream().map(EventTypes.Catalogued::type).toList())
                .contains("queue.consumer.admitted", "draw.consumer.won", "order.created", "distribution.opened", "webhook.delivery.failed")
                .doesNotContain(EventTypes.ADMIN_ACTIVITY, EventTypes.SDK_EVENT);
        assertThat(catalogue.get("data").valueStream()).allSatisfy(entry -> assertThat(entry.get("description").stringValue()).isNotBlank());
        assertThat(catalogue.get("wildcard").stringValue()).isEqualTo("*");
        // Every listed type is one an endpoint can subscribe to.
        post(admin, "/api/v1/webhooks", "{\"url\":\"https://hooks.example.com/all\",\"events\":[" + String.join(",",
                types.stream().limit(50).map(type -> "\"" + type + "\"").toList()) + "]}").expectStatus().isCreated();
        // Not on other surfaces.
        http.get().uri("/api/v1/webhooks/events").header(InternalContext.HEADER, TestContexts.consumer(org, UUID.randomUUID())).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void onlyPublicHttpsReceiversAreAccepted() {
        for (String url : List.of("http://hooks.example.com/x", "https://127.0.0.1/x", "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.5/x", "https://localhost/x", "https://[::1]/x", "https://user:pw@hooks.example.com/x",
                "https://127.1/x", "ftp://hooks.example.com/x", "not a url")) {
            post(admin, "/api/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"order.created\"]}")
                    .expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.error").isEqualTo("Validation failed")
                    .jsonPath("$.details[0].field").isEqualTo("url");
        }
        assertThat(endpoints()).isZero();
        JsonNode endpoint = created();
        // PATCH to an internal address is refused too, and changes nothing.
        http.patch().uri("/api/v1/webhooks/{id}", endpoint.get("id").stringValue()).header(InternalContext.HEADER, admin)
                .header("Content-Type", "application/json").bodyValue("{\"url\":\"https://192.168.1.1/x\"}").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("url");
        http.get().uri("/api/v1/webhooks/{id}", endpoint.get("id").stringValue()).header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.url").isEqualTo("https://hooks.example.com/dropline");
    }

    @Test
    void badInputOnEveryRouteIsA4xxAndChangesNothing() {
        for (String body : List.of("{}", "[]", "{\"url\":\"https://hooks.example.com/x\"}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":[]}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":\"order.created\"}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"Order Created\"]}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"order.created\"],\"secret\":\"mine\"}",
                "{\"url\":42,\"events\":[\"order.created\"]}",
                "{\"url\":\"https://hooks.example.com/x\",\"events\":[\"order.created\"],\"enabled\":\"yes\"}")) {
            post(admin, "/api/v1/webhooks", body).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        }
        post(admin, "/api/v1/webhooks", "{not json").expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        assertThat(endpoints()).isZero();

        JsonNode endpoint = created();
        String id = endpoint.get("id").stringValue();
        for (String body : List.of("{}", "{\"enabled\":null}", "{\"events\":[]}", "{\"url\":null}", "{\"bogus\":1}")) {
            http.patch().uri("/api/v1/webhooks/{id}", id).header(InternalContext.HEADER, admin).header("Content-Type", "application/json")
                    .bodyValue(body).exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        }
        for (String body : List.of("{}", "{\"endpointId\":\"nope\"}", "{\"endpointId\":\"" + id + "\",\"eventType\":\"Bad Type\"}")) {
            post(admin, "/api/v1/webhooks/test", body).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        }
        post(admin, "/api/v1/webhooks/test", "{\"endpointId\":\"" + Ids.format("whe", UUID.randomUUID()) + "\"}")
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Webhook endpoint not found");
        for (String body : List.of("{}", "{\"startTime\":\"yesterday\",\"endTime\":\"2026-01-02T00:00:00Z\"}",
                "{\"startTime\":\"2026-01-02T00:00:00Z\",\"endTime\":\"2026-01-01T00:00:00Z\"}",
                "{\"startTime\":\"2026-01-01T00:00:00Z\",\"endTime\":\"2026-06-01T00:00:00Z\"}",
                "{\"startTime\":\"2026-01-01T00:00:00Z\",\"endTime\":\"2026-01-02T00:00:00Z\",\"eventTypes\":[1]}")) {
            post(admin, "/api/v1/webhooks/" + id + "/replay", body).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        }
        http.get().uri("/api/v1/webhooks/{id}/deliveries?limit=0", id).header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        http.get().uri("/api/v1/webhooks?first=0").header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isNotEmpty();
        assertThat(db.sql("SELECT count(*) FROM webhook_deliveries WHERE organization_id = :org").bind("org", org)
                .map(row -> row.get(0, Long.class)).one().block()).isZero();
        http.get().uri("/api/v1/webhooks/{id}", id).header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(true).jsonPath("$.events[0]").isEqualTo("order.created");
    }

    @Test
    void otherTenantsEnvironmentsAndSurfacesSeeNothing() {
        JsonNode endpoint = created();
        String id = endpoint.get("id").stringValue();
        for (String context : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST))) {
            http.get().uri("/api/v1/webhooks/{id}", id).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Webhook endpoint not found");
            http.delete().uri("/api/v1/webhooks/{id}", id).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.error").isNotEmpty();
            http.get().uri("/api/v1/webhooks").header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.data.length()").isEqualTo(0);
        }
        http.get().uri("/api/v1/webhooks").header(InternalContext.HEADER, TestContexts.consumer(org, UUID.randomUUID())).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isNotEmpty();
        http.get().uri("/api/v1/webhooks/not-an-id").header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Webhook endpoint not found");

        // Listed without the secret; deleted returns the endpoint, then it is gone.
        http.get().uri("/api/v1/webhooks").header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(1)
                .jsonPath("$.data[0].secret").doesNotExist()
                .jsonPath("$.pageInfo").exists();
        http.patch().uri("/api/v1/webhooks/{id}", id).header(InternalContext.HEADER, admin).header("Content-Type", "application/json")
                .bodyValue("{\"enabled\":false,\"events\":[\"*\"]}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(false).jsonPath("$.events[0]").isEqualTo("*")
                .jsonPath("$.secret").doesNotExist();
        post(admin, "/api/v1/webhooks/test", "{\"endpointId\":\"" + id + "\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("WEBHOOK_DISABLED");
        http.delete().uri("/api/v1/webhooks/{id}", id).header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id).jsonPath("$.secret").doesNotExist();
        http.get().uri("/api/v1/webhooks/{id}", id).header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isNotEmpty();
    }
}
