package io.dropline.contracts.testsupport;

import io.r2dbc.spi.ConnectionFactory;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * PostgreSQL restarts under a running service (its pooled connections all reset, through a {@link FaultProxy}) and
 * comes back: the service is back with it, without a request or a readiness probe failing on a dead connection
 * ({@link PostgresOutageChecks}). Each service's {@code PostgresRecoveryIT} extends this (or
 * {@link WithRoutes}, when it has an API route that reads PostgreSQL), carries its own {@code @SpringBootTest},
 * and points itself through the proxy from its {@code @DynamicPropertySource} with {@link #throughProxy}.
 */
public abstract class PostgresRecoveryContract {

    /** The proxy in front of the test PostgreSQL; one per test class (each class runs in its own context). */
    protected static FaultProxy postgres;

    @Autowired
    protected WebTestClient http;

    @Autowired
    protected ConnectionFactory pool;

    /** Registers {@code service}'s properties with its PostgreSQL reached through a new {@link FaultProxy}. */
    protected static void throughProxy(DynamicPropertyRegistry registry, String service) {
        postgres = FaultProxy.to(TestInfra.postgres());
        TestInfra.registerService(registry, service, postgres.endpoint(TestInfra.postgres()), TestInfra.redis());
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
     * For a service with an admin list route that reads PostgreSQL: that route is the first request after the outage
     * (200 with a {@code data} array), and it answers 503 with {@code Retry-After} during the outage.
     */
    public abstract static class WithRoutes extends PostgresRecoveryContract {

        /** The admin list route, called as an admin of {@code organization}. */
        protected abstract WebTestClient.ResponseSpec listRoute(UUID organization);

        @Override
        protected final void firstRequestAfterTheOutage() {
            listRoute(UUID.randomUUID()).expectStatus().isOk().expectBody().jsonPath("$.data").isArray();
        }

        @Test
        void whenPostgresqlIsDownThenRoutesAnswer503WithRetryAfterAndTheFirstCallAfterItsReturnSucceeds() {
            UUID org = UUID.randomUUID();
            PostgresOutageChecks.routeUnavailableDuringAndOkAfterAnOutage(pool, postgres, () -> listRoute(org));
        }
    }
}
