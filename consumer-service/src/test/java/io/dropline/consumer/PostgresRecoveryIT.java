package io.dropline.consumer;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.PostgresRecoveryContract;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** PostgreSQL restarts under a running consumer-service and comes back: see {@link PostgresRecoveryContract}. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class PostgresRecoveryIT extends PostgresRecoveryContract.WithRoutes {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        throughProxy(registry, "consumer");
    }

    @Override
    protected WebTestClient.ResponseSpec listRoute(UUID organization) {
        return http.get().uri("/api/v1/consumers").header(InternalContext.HEADER, TestContexts.admin(organization)).exchange();
    }
}
