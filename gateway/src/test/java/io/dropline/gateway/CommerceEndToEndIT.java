package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * A drop from product to order, through the real gateway to real consumer-, experiences- and commerce-service
 * processes on one event bus: a product with a variant of 3 units sold by an experience, 5 admitted shoppers, 3 check
 * out, the 4th gets SOLD_OUT, and the buyers' order aggregates follow. Also the checkout hand-off's refusals (tampered,
 * foreign, expired, used grants: 403 ADMISSION_INVALID, nothing reserved) and the expiry of an unconfirmed checkout; a draw
 * winner's and a timed release's grants checked out and completed once; the consumer view of an experience with its
 * products, and without them (marked) while commerce-service is down.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommerceEndToEndIT {

    static ServiceProcess consumers;
    static ServiceProcess experiences;
    static ServiceProcess commerce;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String namespace = TestInfra.freshRedisNamespace();
        consumers = ServiceProcess.start("consumer-service", TestInfra.freshDatabase("consumer"), namespace);
        // Each needs the other's address: commerce-service's port is chosen before either starts.
        int commercePort = ServiceProcess.freePort();
        experiences = ServiceProcess.start("experiences-service", TestInfra.freshDatabase("experiences"), namespace, TestInfra.redis(),
                List.of("--dropline.experiences.commerce.base-url=http://127.0.0.1:" + commercePort));
        commerce = ServiceProcess.start("commerce-service", TestInfra.freshDatabase("commerce"), namespace, TestInfra.redis(),
                List.of("--dropline.commerce.experiences.base-url=" + experiences.baseUrl(), "--dropline.commerce.sweep-interval=200ms"),
                commercePort);
        TestInfra.registerService(registry, "gateway", TestInfra.freshDatabase("gateway"), namespace);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> switch (service) {
                    case "consumer" -> consumers.baseUrl();
                    case "experiences" -> experiences.baseUrl();
                    case "commerce" -> commerce.baseUrl();
                    default -> echo;
                }));
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopServices() {
        consumers.close();
        experiences.close();
        commerce.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;
    Tenants.Tenant other;

    @BeforeAll
    void tenants() {
        shop = Tenants.create(context, "e2e-commerce");
        other = Tenants.create(context, "e2e-commerce-other");
    }

    record Admitted(String consumerId, String grant) {
    }

    @Test
    void whenFiveAdmittedShoppersCheckOutThreeUnitsThenThreeBuyTheFourthIsSoldOutAndAggregatesFollow() {
        String product = admin("POST", "/api/v1/products", Map.of("name", "Limited sneaker", "price", "180.00", "currencyCode", "USD"), 201)
                .get("id").stringValue();
        String variant = admin("POST", "/api/v1/products/" + product + "/variants", Map.of("name", "EU 42", "sku", "LS-42",
                "inventoryQuantity", 3), 201).get("id").stringValue();
        JsonNode experience = admin("POST", "/api/v1/experiences", Map.of("name", "Sneaker drop", "sequence", Map.of("name", "General",
                "queues", List.of(Map.of("name", "Line", "admitRate", 600, "admissionExpirationSeconds", 600)))), 201);
        String experienceId = experience.get("id").stringValue();
        admin("PUT", "/api/v1/products/" + product + "/experiences/" + experienceId, Map.of(), 200);
        assertThat(admin("GET", "/api/v1/products?experienceId=" + experienceId, null, 200).get("data")).hasSize(1);
        // A draft product linked to the experience is not shown to shoppers.
        String draft = admin("POST", "/api/v1/products", Map.of("name", "Unreleased colourway", "price", "200", "currencyCode", "USD",
                "status", "DRAFT"), 201).get("id").stringValue();
        admin("PUT", "/api/v1/products/" + draft + "/experiences/" + experienceId, Map.of(), 200);

        // The shoppers' view of the experience (publishable key) shows what it sells: prices as decimal strings, what is left.
        JsonNode page = shopper("/api/v1/experiences/" + experienceId);
        assertThat(page.get("productsUnavailable").booleanValue()).isFalse();
        assertThat(page.get("products")).hasSize(1);
        JsonNode shown = page.at("/products/0");
        assertThat(shown.get("id").stringValue()).isEqualTo(product);
        assertThat(shown.get("name").stringValue()).isEqualTo("Limited sneaker");
        assertThat(shown.get("price").stringValue()).isEqualTo("180.00");
        assertThat(shown.get("currencyCode").stringValue()).isEqualTo("USD");
        assertThat(shown.get("available").booleanValue()).isTrue();
        assertThat(shown.get("variants")).hasSize(1);
        assertThat(shown.at("/variants/0/id").stringValue()).isEqualTo(variant);
        assertThat(shown.at("/variants/0/price").stringValue()).isEqualTo("180.00");
        assertThat(shown.at("/variants/0/currencyCode").stringValue()).isEqualTo("USD");
        assertThat(shown.at("/variants/0/inventoryAvailable").intValue()).isEqualTo(3);
        assertThat(shown.toString()).doesNotContain("organizationId", "inventoryReserved", "metadata", "syncSource");

        List<Admitted> admitted = admit(experience.at("/distributions/0/id").stringValue(), 5);

        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode order = admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.get(i).grant(),
                    "variantId", variant, "quantity", 1), 201);
            assertThat(order.get("status").stringValue()).isEqualTo("CREATED");
            assertThat(order.get("amount").stringValue()).isEqualTo("180.00");
            assertThat(order.get("consumerId").stringValue()).isEqualTo(admitted.get(i).consumerId());
            assertThat(order.get("experienceId").stringValue()).isEqualTo(experienceId);
            orders.add(order.get("id").stringValue());
        }
        JsonNode soldOut = admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.get(3).grant(),
                "variantId", variant, "quantity", 1), 409);
        assertThat(soldOut.get("code").stringValue()).isEqualTo("SOLD_OUT");

        // Checking a grant out again answers its order; confirming completes it and its grant, once.
        assertThat(admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.get(0).grant(), "variantId", variant,
                "quantity", 1), 200).get("id").stringValue()).isEqualTo(orders.get(0));
        for (String order : orders) {
            assertThat(admin("POST", "/api/v1/orders/" + order + "/complete", null, 200).get("status").stringValue()).isEqualTo("COMPLETED");
        }
        assertThat(admin("POST", "/api/v1/orders/" + orders.get(0) + "/complete", null, 200).get("status").stringValue()).isEqualTo("COMPLETED");
        JsonNode stock = admin("GET", "/api/v1/products/" + product + "/variants/" + variant, null, 200);
        assertThat(stock.get("inventoryCommitted").intValue()).isEqualTo(3);
        assertThat(stock.get("inventoryReserved").intValue()).isZero();
        assertThat(stock.get("inventoryAvailable").intValue()).isZero();

        // The grant is used: experiences-service says so, and commerce refuses it.
        String queue = experience.at("/distributions/0/id").stringValue();
        admin("POST", "/api/v1/queues/" + queue + "/complete", Map.of("consumerId", admitted.get(0).consumerId()), 409);
        JsonNode used = admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.get(0).grant(), "variantId", variant,
                "quantity", 1), 403);
        assertThat(used.get("code").stringValue()).isEqualTo("ADMISSION_INVALID");

        // order.completed reaches consumer-service through the event bus: the buyers' aggregates.
        for (int i = 0; i < 3; i++) {
            String buyer = admitted.get(i).consumerId();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode view = admin("GET", "/api/v1/consumers/" + buyer, null, 200);
                assertThat(view.get("totalOrders").intValue()).isEqualTo(1);
                assertThat(view.get("totalOrderValue").stringValue()).isEqualTo("180.00");
                assertThat(view.get("lastOrderAt").isNull()).isFalse();
            });
        }
        assertThat(admin("GET", "/api/v1/consumers/" + admitted.get(3).consumerId(), null, 200).get("totalOrders").intValue()).isZero();
    }

    @Test
    void whenAGrantIsTamperedForeignOrExpiredThenCheckoutIs403AndNothingIsReservedAndAnUnconfirmedCheckoutExpires() {
        String product = admin("POST", "/api/v1/products", Map.of("name", "Print", "price", "25", "currencyCode", "EUR"), 201)
                .get("id").stringValue();
        String variant = admin("POST", "/api/v1/products/" + product + "/variants", Map.of("name", "A3", "inventoryQuantity", 10), 201)
                .get("id").stringValue();
        JsonNode experience = admin("POST", "/api/v1/experiences", Map.of("name", "Print drop", "sequence", Map.of("name", "General",
                "queues", List.of(Map.of("name", "Line", "admitRate", 600, "admissionExpirationSeconds", 20)))), 201);
        List<Admitted> admitted = admit(experience.at("/distributions/0/id").stringValue(), 3);

        // An unconfirmed checkout holds its units until the grant expires, then the sweep gives them back.
        JsonNode pending = admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.get(2).grant(), "variantId", variant,
                "quantity", 2), 201);
        assertThat(admin("GET", "/api/v1/products/" + product + "/variants/" + variant, null, 200).get("inventoryReserved").intValue()).isEqualTo(2);

        String[] parts = admitted.get(0).grant().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(admitted.get(0).consumerId(), admitted.get(1).consumerId());
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", tampered, "variantId", variant, "quantity", 1), 403)
                .get("code").stringValue()).isEqualTo("ADMISSION_INVALID");
        // Another tenant presenting this tenant's grant: foreign (and the variant is not theirs either).
        assertThat(http.post().uri("/api/v1/orders/checkout").header("Authorization", "Bearer " + other.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("admissionGrant", admitted.get(0).grant(), "variantId", variant,
                        "quantity", 1))
                .exchange().expectStatus().isForbidden().expectBody(JsonNode.class).returnResult().getResponseBody().get("code").stringValue())
                .isEqualTo("ADMISSION_INVALID");

        assertThat(admin("GET", "/api/v1/products/" + product + "/variants/" + variant, null, 200).get("inventoryReserved").intValue()).isEqualTo(2);
        Instant expiry = Instant.parse(pending.get("deadline").stringValue());
        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(expiry));
        assertThat(admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.get(1).grant(), "variantId", variant,
                "quantity", 1), 403).get("code").stringValue()).isEqualTo("ADMISSION_INVALID");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode order = admin("GET", "/api/v1/orders/" + pending.get("id").stringValue(), null, 200);
            assertThat(order.get("status").stringValue()).isEqualTo("CANCELLED");
            assertThat(order.get("cancelReason").stringValue()).isEqualTo("expired");
        });
        JsonNode stock = admin("GET", "/api/v1/products/" + product + "/variants/" + variant, null, 200);
        assertThat(stock.get("inventoryReserved").intValue()).isZero();
        assertThat(stock.get("inventoryAvailable").intValue()).isEqualTo(10);
        // Confirming the expired checkout is refused; nothing is committed.
        admin("POST", "/api/v1/orders/" + pending.get("id").stringValue() + "/complete", null, 409);
        assertThat(admin("GET", "/api/v1/products/" + product + "/variants/" + variant, null, 200).get("inventoryCommitted").intValue()).isZero();
    }

    @Test
    void whenADrawWinnerAndATimedReleaseShopperCheckOutThenEachOrderCompletesItsGrantOnce() {
        String product = admin("POST", "/api/v1/products", Map.of("name", "Signed print", "price", "40.50", "currencyCode", "EUR"), 201)
                .get("id").stringValue();
        String variant = admin("POST", "/api/v1/products/" + product + "/variants", Map.of("name", "A2", "inventoryQuantity", 5), 201)
                .get("id").stringValue();
        JsonNode experience = admin("POST", "/api/v1/experiences", Map.of("name", "Print raffle and noon drop", "sequence",
                Map.of("name", "General", "timedReleases", List.of(Map.of("name", "Noon", "supportsGuest", true)))), 201);
        String sequence = experience.at("/sequences/0/id").stringValue();
        String release = admin("GET", "/api/v1/timed-releases?experienceId=" + experience.get("id").stringValue(), null, 200)
                .at("/data/0/id").stringValue();
        Instant drawAt = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        String draw = admin("POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "Raffle", "drawAt", drawAt.toString(),
                "winnerCount", 1, "admissionExpirationSeconds", 600), 201).get("id").stringValue();

        // A timed release grants at once; a draw's single entrant wins at drawAt.
        String early = guest();
        JsonNode entered = consumer("POST", "/api/v1/timed-releases/" + release + "/enter", early).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(entered.get("status").stringValue()).isEqualTo("GRANTED");
        Admitted timed = new Admitted(consumerIdOf(early), entered.get("admissionGrant").stringValue());
        String lucky = guest();
        consumer("POST", "/api/v1/draws/" + draw + "/enter", lucky).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ENTERED");
        JsonNode[] won = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            won[0] = consumer("GET", "/api/v1/draws/" + draw + "/status", lucky).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(won[0].get("status").stringValue()).isEqualTo("WON");
        });
        Admitted winner = new Admitted(consumerIdOf(lucky), won[0].get("admissionGrant").stringValue());

        Map<String, Admitted> grants = Map.of("draws/" + draw, winner, "timed-releases/" + release, timed);
        grants.forEach((distribution, admitted) -> {
            JsonNode order = admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.grant(), "variantId", variant,
                    "quantity", 1), 201);
            assertThat(order.get("status").stringValue()).isEqualTo("CREATED");
            assertThat(order.get("amount").stringValue()).isEqualTo("40.50");
            assertThat(order.get("consumerId").stringValue()).isEqualTo(admitted.consumerId());
            String id = order.get("id").stringValue();
            // Completion goes to the grant's own distribution type (draws/…/complete, timed-releases/…/complete), once.
            assertThat(admin("POST", "/api/v1/orders/" + id + "/complete", null, 200).get("status").stringValue()).isEqualTo("COMPLETED");
            assertThat(admin("POST", "/api/v1/orders/" + id + "/complete", null, 200).get("status").stringValue()).isEqualTo("COMPLETED");
            assertThat(admin("POST", "/api/v1/" + distribution + "/complete", Map.of("consumerId", admitted.consumerId()), 409)
                    .get("code").stringValue()).isEqualTo("ALREADY_COMPLETED");
            assertThat(admin("POST", "/api/v1/orders/checkout", Map.of("admissionGrant", admitted.grant(), "variantId", variant,
                    "quantity", 1), 403).get("code").stringValue()).isEqualTo("ADMISSION_INVALID");
        });
        JsonNode stock = admin("GET", "/api/v1/products/" + product + "/variants/" + variant, null, 200);
        assertThat(stock.get("inventoryCommitted").intValue()).isEqualTo(2);
        assertThat(stock.get("inventoryReserved").intValue()).isZero();
    }

    /** Last: it stops commerce-service (and starts it again) under the other tests' feet. */
    @Test
    @Order(Integer.MAX_VALUE)
    void whenCommerceServiceIsDownThenTheExperienceViewStillAnswersWithoutItsProductsAndShowsThemAgainWhenItIsBack() {
        String product = admin("POST", "/api/v1/products", Map.of("name", "Cap", "price", "30", "currencyCode", "USD"), 201)
                .get("id").stringValue();
        admin("POST", "/api/v1/products/" + product + "/variants", Map.of("name", "One size", "inventoryTracked", false), 201);
        String experienceId = admin("POST", "/api/v1/experiences", Map.of("name", "Cap drop", "sequence", Map.of("name", "General")), 201)
                .get("id").stringValue();
        admin("PUT", "/api/v1/products/" + product + "/experiences/" + experienceId, Map.of(), 200);

        commerce.kill();
        try {
            JsonNode view = shopper("/api/v1/experiences/" + experienceId);
            assertThat(view.get("id").stringValue()).isEqualTo(experienceId);
            assertThat(view.get("sequences")).hasSize(1);
            assertThat(view.has("products")).isFalse();
            assertThat(view.get("productsUnavailable").booleanValue()).isTrue();
        } finally {
            commerce.restart();
        }
        // A failed read is not cached: the next view asks again.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = shopper("/api/v1/experiences/" + experienceId);
            assertThat(view.get("productsUnavailable").booleanValue()).isFalse();
            assertThat(view.at("/products/0/id").stringValue()).isEqualTo(product);
            assertThat(view.at("/products/0/variants/0/available").booleanValue()).isTrue();
            JsonNode left = view.at("/products/0/variants/0/inventoryAvailable");
            assertThat(left.isNull() || left.isMissingNode()).as("untracked: no count").isTrue();
        });
    }

    private String guest() {
        return http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("accessToken").stringValue();
    }

    private String consumerIdOf(String token) {
        return consumer("GET", "/api/v1/consumers/me", token).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
    }

    /** A read with the publishable key only, as a storefront page makes it. */
    private JsonNode shopper(String path) {
        return http.get().uri(path).header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Shoppers get guest sessions, enter the queue and are admitted; their consumer ids and grants. */
    private List<Admitted> admit(String queue, int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                    .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody().get("accessToken").stringValue();
            consumer("POST", "/api/v1/queues/" + queue + "/enter", token).expectStatus().isOk().expectBody().jsonPath("$.status").exists();
            tokens.add(token);
        }
        List<Admitted> admitted = new ArrayList<>();
        for (String token : tokens) {
            JsonNode[] status = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                status[0] = consumer("GET", "/api/v1/queues/" + queue + "/status", token).expectStatus().isOk()
                        .expectBody(JsonNode.class).returnResult().getResponseBody();
                assertThat(status[0].get("status").stringValue()).isEqualTo("GRANTED");
            });
            String consumerId = consumer("GET", "/api/v1/consumers/me", token).expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
            admitted.add(new Admitted(consumerId, status[0].get("admissionGrant").stringValue()));
        }
        return admitted;
    }

    private WebTestClient.ResponseSpec consumer(String method, String path, String token) {
        return http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange();
    }

    private JsonNode admin(String method, String path, Object body, int status) {
        WebTestClient.RequestBodySpec spec = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header("Authorization", "Bearer " + shop.liveSecret());
        WebTestClient.ResponseSpec response = body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        return response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
