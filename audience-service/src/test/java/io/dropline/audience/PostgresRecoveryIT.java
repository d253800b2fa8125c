package io.dropline.audience;

import io.dropline.contracts.testsupport.FaultProxy;
import io.dropline.contracts.testsupport.PostgresOutageChecks;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.TestContexts;
import io.r2dbc.spi.ConnectionFactory;
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
 * PostgreSQL restarts under a running audience-service (its pooled connections all reset, through a {@link FaultProxy}) and
 * comes back: the service is back with it, without a request or a readiness probe failing on a dead connection.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class PostgresRecoveryIT {

    static FaultProxy postgres;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        postgres = FaultProxy.to(TestInfra.postgres());
        TestInfra.registerService(registry, "audience", postgres.endpoint(TestInfra.postgres()), TestInfra.redis());
    }

    @AfterAll
    static void closeProxy() {
        postgres.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ConnectionFactory pool;

    @Test
    void whenPostgresqlComesBackThenTheFirstRequestSucceeds() {
        UUID org = UUID.randomUUID();
        PostgresOutageChecks.firstRequestSucceedsAfterAnOutage(pool, postgres, () -> http.get().uri("/api/v1/audiences")
                .header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.data").isArray());
    }

    @Test
    void whenPostgresqlIsDownThenRoutesAnswer503WithRetryAfterAndTheFirstCallAfterItsReturnSucceeds() {
        UUID org = UUID.randomUUID();
        PostgresOutageChecks.routeUnavailableDuringAndOkAfterAnOutage(pool, postgres, () -> http.get().uri("/api/v1/audiences")
                .header(InternalContext.HEADER, TestContexts.admin(org)).exchange());
    }

    @Test
    void whenPostgresqlComesBackThenReadinessIsUpAtTheFirstProbeWithoutAnyTraffic() {
        PostgresOutageChecks.readinessReturnsByItselfAfterAnOutage(http, pool, postgres);
    }
}
