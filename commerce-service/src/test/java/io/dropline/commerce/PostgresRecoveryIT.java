package io.dropline.commerce;

import io.dropline.contracts.testsupport.PostgresRecoveryContract;
import io.dropline.contracts.testsupport.RequiresInfra;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** PostgreSQL restarts under a running commerce-service and comes back: see {@link PostgresRecoveryContract}. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class PostgresRecoveryIT extends PostgresRecoveryContract {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        throughProxy(registry, "commerce");
    }

    @Override
    protected void firstRequestAfterTheOutage() {
        // No routes of its own yet: readiness is its first request that needs PostgreSQL.
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
