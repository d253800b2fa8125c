package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.session.RevocationKeys;
import io.dropline.contracts.testsupport.RedisServerProcess;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Revocation is a security fact (issue: "Restarting Redis brings every logged-out session back"). Through the real
 * gateway and a real consumer-service process, both on a Redis of this test's own that it stops and restarts (its
 * data lost, like {@code redis-cli shutdown nosave}): a logged-out session stays logged out whatever happens to Redis,
 * while other sessions keep working; when neither Redis nor consumer-service can say, the answer is 503, never a
 * token waved through. Consumer-token requests go to a queue's status, routed to an echo server, so only the
 * gateway's verdict on the token decides the answer.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionRevocationIT {

    static RedisServerProcess redisServer;
    static ServiceProcess consumers;
    static String namespace;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        redisServer = RedisServerProcess.start();
        namespace = TestInfra.freshRedisNamespace();
        consumers = ServiceProcess.start("consumer-service", TestInfra.freshDatabase("consumer"), namespace, redisServer.endpoint());
        TestInfra.registerService(registry, "gateway", TestInfra.freshDatabase("gateway"), namespace);
        registry.add("spring.data.redis.port", redisServer::port);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> "consumer".equals(service) ? consumers.baseUrl() : echo));
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopServers() {
        consumers.close();
        redisServer.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    @Autowired
    ReactiveStringRedisTemplate redis;

    Tenants.Tenant shop;
    final String queuePath = "/api/v1/queues/" + Ids.newId("queue") + "/status";

    @BeforeAll
    void tenant() {
        shop = Tenants.create(context, "revocation-shop");
    }

    @BeforeEach
    void cacheIsWhole() {
        await("revocation cache complete").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> Boolean.TRUE.equals(redis.hasKey(RevocationKeys.complete(namespace)).toFuture().get()));
    }

    @Test
    @Order(1)
    void whenRedisLosesItsDataThenLoggedOutSessionsStayLoggedOutAndOthersKeepWorking() {
        String out = guest();
        String in = guest();
        assertThat(status(out)).isEqualTo(200);
        logout(out);
        assertThat(status(out)).isEqualTo(401);
        assertThat(status(in)).isEqualTo(200);

        redisServer.restart();

        // From the first request after the loss until long after the rebuild: never accepted.
        await("rebuilt from PostgreSQL").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(status(out)).isEqualTo(401);
            return status(in) == 200 && Boolean.TRUE.equals(redis.hasKey(RevocationKeys.complete(namespace)).toFuture().get());
        });
        Long ttl = redis.getExpire(RevocationKeys.revoked(namespace, sessionOf(out))).map(Duration::getSeconds).toFuture().join();
        assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).plusMinutes(1).getSeconds());
        assertThat(status(out)).isEqualTo(401);
        assertThat(status(in)).isEqualTo(200);
    }

    @Test
    @Order(2)
    void whenRedisIsDownThenPostgreSqlDecidesAndALogoutItCouldNotCacheIsCachedWhenItReturns() {
        String out = guest();
        String in = guest();
        logout(out);
        String laterOut = guest();

        redisServer.stop();
        assertThat(status(out)).isEqualTo(401);
        assertThat(status(in)).isEqualTo(200);
        // The logout itself cannot reach Redis: the session is revoked in PostgreSQL, the client is told to retry.
        http.post().uri("/api/v1/auth/logout").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + laterOut).exchange()
                .expectStatus().isEqualTo(503).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(status(laterOut)).isEqualTo(401);

        redisServer.restart();
        await("cache rebuilt with the uncached logout").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertThat(status(laterOut)).isEqualTo(401);
                    assertThat(status(out)).isEqualTo(401);
                    return Boolean.TRUE.equals(redis.hasKey(RevocationKeys.complete(namespace)).toFuture().get())
                            && Boolean.TRUE.equals(redis.hasKey(RevocationKeys.revoked(namespace, sessionOf(laterOut))).toFuture().get());
                });
        assertThat(status(in)).isEqualTo(200);
    }

    @Test
    @Order(3)
    void whenTheCacheIsIncompleteAndConsumerServiceIsDownThenServiceUnavailableNotAccepted() {
        String in = guest();
        consumers.kill();
        try {
            redisServer.restart();
            EntityExchangeResult<byte[]> answer = http.get().uri(queuePath).header("X-Publishable-Key", shop.livePublishable())
                    .header("Authorization", "Bearer " + in).exchange()
                    .expectStatus().isEqualTo(503).expectHeader().exists("Retry-After").expectHeader().exists("X-Request-Id")
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE").returnResult();
            assertThat(answer.getResponseHeaders().getFirst("Retry-After")).matches("\\d+");
        } finally {
            consumers.restart();
        }
        await("consumer-service rebuilt the cache").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(in) == 200);
    }

    /**
     * The status the gateway gives this token. The body is read (expectBody): {@code returnResult(byte[].class)} left
     * it unread, which keeps the client's pooled connection checked out; the polling loops below make dozens of
     * calls, and once the pool was exhausted a call waited out the client's 30 s timeout (a CI failure).
     */
    private int status(String token) {
        return http.get().uri(queuePath).header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange()
                .expectBody().returnResult().getStatus().value();
    }

    private void logout(String token) {
        http.post().uri("/api/v1/auth/logout").header("X-Publishable-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isNoContent();
    }

    private String guest() {
        JsonNode bundle = http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return bundle.get("accessToken").stringValue();
    }

    private static String sessionOf(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("sessionId");
        } catch (java.text.ParseException malformed) {
            throw new IllegalStateException(malformed);
        }
    }
}
