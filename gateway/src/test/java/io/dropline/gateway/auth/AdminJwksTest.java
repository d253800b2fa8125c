package io.dropline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.config.SpotlightProperties;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** A tenant's broken JWKS URL: 401 for its own misconfiguration, 503 when unreachable, and one fetch per interval. */
class AdminJwksTest {

    private final AtomicInteger fetches = new AtomicInteger();
    private DisposableServer server;

    @BeforeEach
    void start() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/error", (request, response) -> {
                            fetches.incrementAndGet();
                            return response.status(500).sendString(Mono.just("boom")).then();
                        })
                        .get("/garbage", (request, response) -> {
                            fetches.incrementAndGet();
                            return response.header("Content-Type", "application/json").sendString(Mono.just("{\"nope\":")).then();
                        })
                        .get("/huge", (request, response) -> {
                            fetches.incrementAndGet();
                            return response.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"keys\":[],\"pad\":\"" + "x".repeat(10_000) + "\"}")).then();
                        })
                        .get("/redirect", (request, response) -> {
                            fetches.incrementAndGet();
                            return response.status(302).header("Location", "http://169.254.169.254/").send();
                        }))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    /** A fetch timeout far above any real fetch here, so a busy machine's first (cold) fetch is not a 503. */
    private static AdminJwks jwks() {
        return new AdminJwks(new SpotlightProperties.Jwks(true, Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 4096, Duration.ofSeconds(60)));
    }

    private static void expectStatus(Mono<?> answer, int status) {
        StepVerifier.create(answer)
                .expectErrorSatisfies(failed -> assertThat(((ApiException) failed).status().value()).isEqualTo(status))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void whenTheTenantsJwksUrlIsBrokenThen401AndOneFetchPerRefetchInterval() {
        AdminJwks jwks = jwks();
        for (String path : new String[] {"/error", "/garbage", "/huge", "/redirect"}) {
            int before = fetches.get();
            String url = "http://127.0.0.1:" + server.port() + path;
            for (int i = 0; i < 3; i++) {
                expectStatus(jwks.key("org_x:live", url, "kid-" + i), 401);
            }
            assertThat(fetches.get() - before).as(path).isEqualTo(1);
        }
    }

    @Test
    void whenTheJwksHostIsUnreachableThen503AndTheFailureIsRemembered() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AdminJwks jwks = jwks();
        String url = "http://127.0.0.1:" + closedPort + "/jwks";
        expectStatus(jwks.key("org_y:live", url, "kid"), 503);
        // Remembered: answered at once, without another connection attempt.
        StepVerifier.create(jwks.key("org_y:live", url, "kid"))
                .expectErrorSatisfies(failed -> assertThat(((ApiException) failed).status().value()).isEqualTo(503))
                .verify(Duration.ofMillis(500));
    }
}
