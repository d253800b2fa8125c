package io.dropline.experiences.access.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
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
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The consumer view of an experience when commerce-service cannot give its products: a peer that fails (503) or hangs
 * is played by a real HTTP server in this JVM (the network boundary of this module; the view with a real
 * commerce-service is the gateway's {@code CommerceEndToEndIT}). The view always answers 200, within the client's
 * deadline, without {@code products} and with {@code productsUnavailable: true}; the read is signed with the caller's
 * tenant.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ExperienceProductsIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    enum Mode { FAILING, HANGING }

    private static final AtomicReference<Mode> MODE = new AtomicReference<>(Mode.FAILING);
    private static final List<InternalContext> CALLS = new CopyOnWriteArrayList<>();
    private static final DisposableServer COMMERCE = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/internal/experiences/{experienceId}/products", (request, response) -> {
                Optional<InternalContext> context = CODEC.verify(request.requestHeaders().get(InternalContext.HEADER));
                context.ifPresent(CALLS::add);
                return switch (MODE.get()) {
                    case FAILING -> response.status(503).send();
                    // Far past the client's 800 ms deadline; the connection is dropped by the client, not answered.
                    case HANGING -> Mono.delay(Duration.ofSeconds(30)).then(response.status(200).send());
                };
            }))
            .bindNow();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
        registry.add("dropline.experiences.commerce.base-url", () -> "http://127.0.0.1:" + COMMERCE.port());
    }

    @AfterAll
    static void stopCommerce() {
        COMMERCE.disposeNow();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    CircuitBreakerRegistry breakers;

    UUID org;
    String experienceId;
    String shopper;

    @BeforeEach
    void experience() {
        org = UUID.randomUUID();
        AdminCalls admin = new AdminCalls(http, db, TestContexts.admin(org));
        experienceId = admin.post("/api/v1/experiences", Map.of("name", "Drop", "sequence", Map.of("name", "General",
                "queues", List.of(Map.of("name", "Line", "admitRate", 60))))).get("id").stringValue();
        shopper = TestContexts.consumer(org, Environment.LIVE, Ids.newUuid(), true);
        CALLS.clear();
        breakers.circuitBreaker("commerce").reset();
    }

    /**
     * The calls of this test's tenant: a request an earlier test abandoned at its deadline (the hanging peer's retry)
     * may still reach the server after {@code CALLS.clear()}, and it carries that test's organization.
     */
    private List<InternalContext> callsOfThisTest() {
        return CALLS.stream().filter(call -> org.equals(call.organizationId())).toList();
    }

    private JsonNode view() {
        return http.get().uri("/api/v1/experiences/" + experienceId).header(InternalContext.HEADER, shopper).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void whenCommerceFailsThenTheViewAnswersWithoutProductsMarkedAndTheReadIsSignedForTheCallersTenant() {
        MODE.set(Mode.FAILING);
        JsonNode view = view();
        assertThat(view.get("id").stringValue()).isEqualTo(experienceId);
        assertThat(view.get("sequences")).hasSize(1);
        assertThat(view.has("products")).isFalse();
        assertThat(view.get("productsUnavailable").booleanValue()).isTrue();

        // The read was retried once (a 503 is transient) and signed as experiences-service for the shopper's tenant.
        assertThat(callsOfThisTest()).hasSize(2).allSatisfy(call -> {
            assertThat(call.organizationId()).isEqualTo(org);
            assertThat(call.environment()).isEqualTo(Environment.LIVE);
            assertThat(call.surface()).isEqualTo(ApiSurface.INTERNAL);
        });

        // Failures are not cached, and once the breaker opens the view stops asking and still answers.
        for (int i = 0; i < 12; i++) {
            assertThat(view().get("productsUnavailable").booleanValue()).isTrue();
        }
        assertThat(breakers.circuitBreaker("commerce").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int asked = callsOfThisTest().size();
        assertThat(view().get("productsUnavailable").booleanValue()).isTrue();
        assertThat(callsOfThisTest()).hasSize(asked);
    }

    @Test
    void whenCommerceHangsThenTheViewAnswersWithinTheDeadlineWithoutProducts() {
        MODE.set(Mode.HANGING);
        long started = System.nanoTime();
        JsonNode view = view();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(view.get("productsUnavailable").booleanValue()).isTrue();
        assertThat(view.has("products")).isFalse();
        // The client's deadline is 800 ms; generous for a loaded machine, far below the peer's 30 s.
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(callsOfThisTest()).isNotEmpty();
    }

    @Test
    void whenTheExperienceIsUnknownThenTheViewIs404AndCommerceIsNotAskedForAMalformedId() {
        MODE.set(Mode.FAILING);
        http.get().uri("/api/v1/experiences/not-an-id").header(InternalContext.HEADER, shopper).exchange().expectStatus().isNotFound();
        assertThat(callsOfThisTest()).isEmpty();
        http.get().uri("/api/v1/experiences/" + Ids.newId("exp")).header(InternalContext.HEADER, shopper).exchange()
                .expectStatus().isNotFound();
    }
}
