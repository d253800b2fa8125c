package io.dropline.gateway;

import io.dropline.contracts.testsupport.RequiresInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The limiter's Redis is a port where nothing listens (connection refused). */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
class RedisDownFallbackIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
        int deadPort = EchoServer.freePort();
        registry.add("dropline.gateway.rate-limit.redis-port", () -> deadPort);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @Test
    void whenRedisIsDownThenLocalBucketsAnswerPromptlyAndStillLimit() {
        RedisFallbackItSupport.assertPromptAndStillLimited(client, context, "redis-down");
    }
}
