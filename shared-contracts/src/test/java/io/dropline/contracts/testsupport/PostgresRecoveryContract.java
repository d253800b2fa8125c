package io.dropline.contracts.testsupport;

import io.dropline.contracts.context.InternalContext;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * PostgreSQL restarts under a running service (its pooled connections all reset, through a {@link FaultProxy}) and
 * comes back: the service is back with it, without a request or a readiness probe failing on a dead connection
 * ({@link PostgresOutageChecks}). Each service's {@code PostgresRecoveryIT} extends this, or {@link WithRoutes} when
 * it has an admin list route that reads PostgreSQL; the Spring Boot application is the one of the subclass's package.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class PostgresRecoveryContract {

    /** The proxy in front of the test PostgreSQL; one per test class (each class runs in its own context). */
    protected static FaultProxy postgres;

    @Autowired
    protected WebTestClient http;

    @Autowired
    protected ConnectionFactory pool;

    /**
     * The service's PostgreSQL reached through a new {@link FaultProxy}; its fresh database is named after the
     * module the test runs in (Maven runs each module's tests in its own directory, e.g. {@code audience-service}).
     */
    @DynamicPropertySource
    static void postgresThroughProxy(DynamicPropertyRegistry registry) {
        postgres = FaultProxy.to(TestInfra.postgres());
        String service = Path.of("").toAbsolutePath().getFileName().toString().replace("-service", "");
        TestInfra.registerService(registry, service, postgres.endpoint(TestInfra.postgres()), TestInfra.redis());
        // The checks fill the pool with WARM_CONNECTIONS idle connections while the service's own background work (the
        // outbox relay, timers) may hold one: the modules' test pools stop at eight, which left seven idle at times.
        registry.add("spring.r2dbc.pool.max-size", () -> String.valueOf(2 * PostgresOutageChecks.WARM_CONNECTIONS));
    }

    @AfterAll
    static void closeProxy() {
        postgres.close();
    }

    /** The first request after the outage, with its expectations of success (as before the outage). */
    protected abstract void firstRequestAfterTheOutage();

    @Test
    void whenPostgresqlComesBackThenTheFirstRequestSucceeds() {
        PostgresOutageChecks.firstRequestSucceedsAfterAnOutage(pool, postgres, this::firstRequestAfterTheOutage);
    }

    @Test
    void whenPostgresqlComesBackThenReadinessIsUpAtTheFirstProbeWithoutAnyTraffic() {
        PostgresOutageChecks.readinessReturnsByItselfAfterAnOutage(http, pool, postgres);
    }

    /**
     * For a service with an admin list route that reads PostgreSQL: that route, called as an admin of a new
     * organization, is the first request after the outage (200 with a {@code data} array), and it answers 503 with
     * {@code Retry-After} while PostgreSQL is down.
     */
    public abstract static class WithRoutes extends PostgresRecoveryContract {

        private final String listRoute;

        /** {@code listRoute}: e.g. {@code /api/v1/audiences}. */
        protected WithRoutes(String listRoute) {
            this.listRoute = listRoute;
        }

        private WebTestClient.ResponseSpec list(UUID organization) {
            return http.get().uri(listRoute).header(InternalContext.HEADER, TestContexts.admin(organization)).exchange();
        }

        @Override
        protected final void firstRequestAfterTheOutage() {
            list(UUID.randomUUID()).expectStatus().isOk().expectBody().jsonPath("$.data").isArray();
        }

        @Test
        void whenPostgresqlIsDownThenRoutesAnswer503WithRetryAfterAndTheFirstCallAfterItsReturnSucceeds() {
            UUID org = UUID.randomUUID();
            PostgresOutageChecks.routeUnavailableDuringAndOkAfterAnOutage(pool, postgres, () -> list(org));
        }
    }
}
