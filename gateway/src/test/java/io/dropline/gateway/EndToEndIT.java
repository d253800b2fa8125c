package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * Through the real gateway to the real consumer-service, which runs from its packaged jar as its own process
 * with its own fresh database: credentials, tenancy and environments end to end, and what a client sees when
 * the service dies.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {

    static ServiceProcess consumers;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        consumers = ServiceProcess.start("consumer-service", "consumer");
        TestInfra.registerService(registry, "gateway");
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> service.equals("consumer") ? consumers.baseUrl() : echo));
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopConsumers() {
        consumers.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;
    Tenants.Tenant rival;

    @BeforeAll
    void tenants() {
        shop = Tenants.create(context, "e2e-shop");
        rival = Tenants.create(context, "e2e-rival");
    }

    @Test
    void whenAMerchantManagesConsumersThroughTheGatewayThenEveryOperationWorks() {
        for (String name : List.of("Ada", "Grace", "Alan", "Edsger", "Barbara")) {
            create(shop.liveSecret(), Map.of("email", name.toLowerCase() + "@example.com", "fullName", name))
                    .expectStatus().isCreated();
        }
        JsonNode first = list(shop.liveSecret(), "first=2&sortBy=fullName&sortDir=asc");
        assertThat(names(first)).containsExactly("Ada", "Alan");
        JsonNode second = list(shop.liveSecret(), "first=2&sortBy=fullName&sortDir=asc&after=" + first.at("/pageInfo/endCursor").stringValue());
        assertThat(names(second)).containsExactly("Barbara", "Edsger");
        JsonNode back = list(shop.liveSecret(), "last=2&sortBy=fullName&sortDir=asc&before=" + second.at("/pageInfo/startCursor").stringValue());
        assertThat(names(back)).containsExactly("Ada", "Alan");
        assertThat(names(list(shop.liveSecret(), "search=GRA"))).containsExactly("Grace");

        String alan = list(shop.liveSecret(), "search=alan").at("/data/0/id").stringValue();
        http.put().uri("/api/v1/consumers/{id}", alan).header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("phone", "+441234567890")).exchange()
                .expectStatus().isOk().expectHeader().exists("X-RateLimit-Remaining").expectHeader().exists("X-Request-Id")
                .expectBody().jsonPath("$.phone").isEqualTo("+441234567890").jsonPath("$.fullName").isEqualTo("Alan");
        http.delete().uri("/api/v1/consumers/{id}", alan).header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isOk();
        http.get().uri("/api/v1/consumers/{id}", alan).header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("Consumer not found");
        http.get().uri("/api/consumers?first=1").header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void whenAnotherTenantOrTheTestEnvironmentUsesAnIdThenNotFoundAndNothingChanges() {
        String id = create(shop.liveSecret(), Map.of("fullName", "Owner")).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        for (String foreign : List.of(rival.liveSecret(), shop.testSecret())) {
            http.get().uri("/api/v1/consumers/{id}", id).header("Authorization", "Bearer " + foreign).exchange().expectStatus().isNotFound();
            http.put().uri("/api/v1/consumers/{id}", id).header("Authorization", "Bearer " + foreign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("fullName", "Thief")).exchange().expectStatus().isNotFound();
            http.delete().uri("/api/v1/consumers/{id}", id).header("Authorization", "Bearer " + foreign).exchange().expectStatus().isNotFound();
            assertThat(list(foreign, "search=owner").get("data").size()).isZero();
        }
        http.get().uri("/api/v1/consumers/{id}", id).header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.fullName").isEqualTo("Owner");
    }

    @Test
    void whenAClientForgesTheInternalContextThenTheGatewayReplacesIt() {
        String id = create(shop.liveSecret(), Map.of("fullName", "Private")).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").stringValue();
        String forged = GatewayItSupport.CODEC.sign(GatewayItSupport.CODEC.create(shop.id(),
                io.dropline.contracts.context.Environment.LIVE, io.dropline.contracts.context.ApiSurface.ADMIN,
                io.dropline.contracts.context.Principal.apiKey("key_forged"), "forged"));
        http.get().uri("/api/v1/consumers/{id}", id).header("Authorization", "Bearer " + rival.liveSecret())
                .header(InternalContext.HEADER, forged).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/consumers/{id}", id).header(InternalContext.HEADER, forged).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/v1/consumers").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Secret key required");
    }

    @Test
    void whenInputIsBadThenTheServicesAnswerReachTheClientAsClientErrors() {
        create(shop.liveSecret(), "{\"email\": ").expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Malformed JSON");
        create(shop.liveSecret(), Map.of("nickname", "x")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.details[0].field").isEqualTo("nickname");
        create(shop.liveSecret(), "{\"fullName\": \"" + "x".repeat(1_200_000) + "\"}").expectStatus().isEqualTo(413);
        http.get().uri("/api/v1/consumers?first=1000000000").header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isBadRequest();
        http.get().uri("/api/v1/consumers/{id}", "cons_' OR 1=1 --").header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void whenTheServiceDiesThenClientsGetAPrompt503AndServiceResumesAfterRestart() {
        consumers.kill();
        long started = System.nanoTime();
        http.get().uri("/api/v1/consumers").header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                .expectStatus().isEqualTo(503).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        consumers.restart();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                http.get().uri("/api/v1/consumers").header("Authorization", "Bearer " + shop.liveSecret()).exchange()
                        .expectStatus().isOk());
    }

    private WebTestClient.ResponseSpec create(String key, Object body) {
        return http.post().uri("/api/v1/consumers").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode list(String key, String query) {
        return http.get().uri("/api/v1/consumers?" + query).header("Authorization", "Bearer " + key).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> names(JsonNode page) {
        return page.get("data").valueStream().map(row -> row.get("fullName").stringValue()).toList();
    }
}
