package io.dropline.experiences.access.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.FaultProxy;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.spotlight.SpotlightCalls;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Redis goes away under a running experiences-service — its connections reset and refused, then silent — and comes
 * back. Meanwhile every route that needs it answers 503 in the API's format with {@code Retry-After} (never a 500,
 * never a hang), and afterwards they work again, without a restart. Redis is reached through a {@link FaultProxy}.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
class RedisOutageIT {

    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final String REQUEST_ID = "req-outage";

    static FaultProxy redis;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        redis = FaultProxy.to(TestInfra.redis());
        TestInfra.registerService(registry, "experiences", TestInfra.postgres(), redis.endpoint(TestInfra.redis()));
    }

    @AfterAll
    static void closeProxy() {
        redis.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    final UUID org = UUID.randomUUID();

    @Test
    void whenRedisIsDownOrSilentThenEveryRouteAnswers503WithRetryAfterAndWorksAgainWhenItReturns() {
        String queue = QueueEngineIT.result(new QueueFixtures(db).create(org, QueueFixtures.Spec.rate(1)));
        UUID waiting = UUID.randomUUID();
        enter(queue, waiting).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("QUEUED");
        eligible().expectStatus().isOk();

        redis.cut();
        // Lettuce first sees the reset, then reconnects in a loop: every state of that is an outage to the client.
        for (int round = 0; round < 3; round++) {
            expectUnavailable(status(queue, waiting));
            expectUnavailable(enter(queue, UUID.randomUUID()));
            expectUnavailable(statusStream(queue, waiting));
            expectSpotlightUnavailable(eligible());
        }

        redis.restore();
        await("queue status after Redis returned").atMost(RECOVERY)
                .untilAsserted(() -> status(queue, waiting).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("QUEUED"));
        enter(queue, UUID.randomUUID()).expectStatus().isOk().expectBody().jsonPath("$.position").isEqualTo(2);
        eligible().expectStatus().isOk();

        redis.hang();
        // Connected but silent: each command gives up after spring.data.redis.timeout instead of hanging the request.
        expectUnavailable(status(queue, waiting));
        expectUnavailable(enter(queue, UUID.randomUUID()));
        expectSpotlightUnavailable(eligible());

        redis.restore();
        await("queue status after Redis answered again").atMost(RECOVERY)
                .untilAsserted(() -> status(queue, waiting).expectStatus().isOk().expectBody().jsonPath("$.position").isEqualTo(1));
        enter(queue, UUID.randomUUID()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("QUEUED");
    }

    private static void expectUnavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error").isEqualTo("Service unavailable")
                .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.requestId").isEqualTo(REQUEST_ID);
    }

    private static void expectSpotlightUnavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.error.request_id").isEqualTo("req-test");
    }

    private WebTestClient.ResponseSpec enter(String queue, UUID consumer) {
        return http.post().uri("/api/v1/queues/{id}/enter", queue).header("X-Request-Id", REQUEST_ID).header(InternalContext.HEADER, consumer(consumer)).exchange();
    }

    private WebTestClient.ResponseSpec status(String queue, UUID consumer) {
        return http.get().uri("/api/v1/queues/{id}/status", queue).header("X-Request-Id", REQUEST_ID).header(InternalContext.HEADER, consumer(consumer)).exchange();
    }

    private WebTestClient.ResponseSpec statusStream(String queue, UUID consumer) {
        return http.get().uri("/api/v1/queues/{id}/status", queue).accept(MediaType.TEXT_EVENT_STREAM)
                .header("X-Request-Id", REQUEST_ID).header(InternalContext.HEADER, consumer(consumer)).exchange();
    }

    /** Spotlight eligibility reads the end user's state from Redis on every request. */
    private WebTestClient.ResponseSpec eligible() {
        SpotlightCalls spotlight = new SpotlightCalls(http, db, org, Environment.LIVE);
        return spotlight.send("POST", "/v1/sdk/eligible", Map.of("url", "https://shop.example.com/", "anonymous_id", "a1"),
                spotlight.sdkContext(Set.of()));
    }

    private String consumer(UUID consumer) {
        return TestContexts.consumer(org, consumer);
    }
}
