package io.dropline.commerce;

import io.dropline.contracts.testsupport.PostgresRecoveryContract;

/** PostgreSQL restarts under a running commerce-service and comes back: see {@link PostgresRecoveryContract}. */
class PostgresRecoveryIT extends PostgresRecoveryContract {

    @Override
    protected void firstRequestAfterTheOutage() {
        // No routes of its own yet: readiness is its first request that needs PostgreSQL.
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
