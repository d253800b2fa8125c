package io.dropline.consumer;

import io.dropline.contracts.testsupport.PostgresRecoveryContract;

/** PostgreSQL restarts under a running consumer-service and comes back: see {@link PostgresRecoveryContract}. */
class PostgresRecoveryIT extends PostgresRecoveryContract.WithRoutes {

    PostgresRecoveryIT() {
        super("/api/v1/consumers");
    }
}
