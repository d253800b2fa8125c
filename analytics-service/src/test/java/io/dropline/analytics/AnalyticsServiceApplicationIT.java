package io.dropline.analytics;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceBootChecks;
import io.dropline.contracts.testsupport.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.DispatcherHandler;

/** The service boots against real PostgreSQL and Redis, migrates, reports ready and guards its routes. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class AnalyticsServiceApplicationIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DispatcherHandler dispatcher;

    @Test
    void whenStartedThenReadyWithMetricsAndApiDocs() {
        ServiceBootChecks.readyWithMetricsAndApiDocs(http);
        ServiceBootChecks.applicationRoutesBeforeActuator(dispatcher);
    }

    @Test
    void whenCalledWithoutTheGatewayContextThenUnauthorizedInTheApiFormat() {
        ServiceBootChecks.rejectsCallsWithoutContext(http, "/api/v1/anything");
    }
}
