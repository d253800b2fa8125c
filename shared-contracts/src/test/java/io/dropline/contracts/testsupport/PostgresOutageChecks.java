package io.dropline.contracts.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What every service proves about a PostgreSQL outage, with its PostgreSQL reached through a {@link FaultProxy}:
 * once PostgreSQL is back, the service is back — the first request succeeds and readiness is UP at its first probe,
 * with no dead pooled connection failing a request (or a probe) first.
 *
 * <p>Each check first fills the pool with {@link #WARM_CONNECTIONS} idle connections, then cuts the proxy, which
 * resets all of them, as a PostgreSQL restart does.
 */
public final class PostgresOutageChecks {

    /** More than a request or two could use up by failing once each (r2dbc-pool retries an acquire once). */
    public static final int WARM_CONNECTIONS = 8;

    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private PostgresOutageChecks() {
    }

    /** After a cut and a restore, the very first request answers as it did before the outage. */
    public static void firstRequestSucceedsAfterAnOutage(ConnectionFactory pool, FaultProxy postgres, Runnable request) {
        warm(pool);
        try {
            postgres.cut();
        } finally {
            postgres.restore();
        }
        request.run();
    }

    /**
     * An API route that reads PostgreSQL answers 503 in the API's format with {@code Retry-After} while PostgreSQL
     * is unreachable, and 200 at the first call after it is back.
     */
    public static void routeUnavailableDuringAndOkAfterAnOutage(ConnectionFactory pool, FaultProxy postgres,
            Supplier<WebTestClient.ResponseSpec> route) {
        warm(pool);
        try {
            postgres.cut();
            route.get().expectStatus().isEqualTo(503)
                    .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
        } finally {
            postgres.restore();
        }
        route.get().expectStatus().isOk();
    }

    /**
     * Dead connections leave the pool while nothing happens (background eviction, no request needed), and after
     * the restore the first readiness probe is UP.
     */
    public static void readinessReturnsByItselfAfterAnOutage(WebTestClient http, ConnectionFactory pool, FaultProxy postgres) {
        warm(pool);
        try {
            postgres.cut();
            Awaitility.await("dead connections evicted without traffic").atMost(GENEROUS).pollInterval(Duration.ofMillis(200))
                    .until(() -> idleConnections(pool) == 0);
            readiness(http, response -> response.expectStatus().isEqualTo(503).expectBody().jsonPath("$.status").isEqualTo("DOWN"));
        } finally {
            postgres.restore();
        }
        readiness(http, response -> response.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP"));
    }

    /** Opens {@link #WARM_CONNECTIONS} connections at once and hands them back: that many idle in the pool. */
    public static void warm(ConnectionFactory pool) {
        List<Connection> open = Flux.range(0, WARM_CONNECTIONS)
                .flatMap(i -> Mono.<Connection>from(pool.create()), WARM_CONNECTIONS)
                .collectList()
                .block(GENEROUS);
        Flux.fromIterable(open).flatMap(Connection::close).then().block(GENEROUS);
        assertThat(idleConnections(pool)).isGreaterThanOrEqualTo(WARM_CONNECTIONS);
    }

    public static int idleConnections(ConnectionFactory pool) {
        return ((ConnectionPool) pool).getMetrics().orElseThrow().idleSize();
    }

    private static void readiness(WebTestClient http, Consumer<WebTestClient.ResponseSpec> expectation) {
        expectation.accept(http.get().uri("/actuator/health/readiness").exchange());
    }
}
