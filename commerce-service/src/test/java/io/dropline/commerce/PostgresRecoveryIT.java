package io.dropline.commerce;

import io.dropline.contracts.testsupport.PostgresRecoveryContract;

/** PostgreSQL restarts under a running commerce-service and comes back: see {@link PostgresRecoveryContract}. */
class PostgresRecoveryIT extends PostgresRecoveryContract.WithRoutes {

    PostgresRecoveryIT() {
        super("/api/v1/products");
    }
}
