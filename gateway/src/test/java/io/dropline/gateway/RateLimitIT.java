package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
class RateLimitIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
        // These tests measure the shared buckets in Redis. At the production bound (50 ms) one slow call of a cold
        // JVM hands a second of requests to the local fallback, whose fresh bucket adds up to a burst (seen once:
        // 48 allowed where about 45 were due); the fallback has tests of its own (Redis*FallbackIT).
        registry.add("dropline.gateway.rate-limit.redis-timeout", () -> "500ms");
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @Value("${dropline.redis.namespace}")
    String namespace;

    @Test
    void whenHammeredThenAllowedMatchesCapacityPlusRefillWithinAFewPercent() {
        Tenant tenant = Tenants.create(context, "hammered", "{\"read\": {\"perMinute\": 600, \"burst\": 5}}");
        int allowed = 0;
        int limited = 0;
        long started = System.nanoTime();
        long elapsed;
        do {
            int status = client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + tenant.liveSecret())
                    .exchange().returnResult(Void.class).getStatus().value();
            if (status == 200) {
                allowed++;
            } else if (status == 429) {
                limited++;
            } else {
                throw new AssertionError("Unexpected status " + status);
            }
            elapsed = System.nanoTime() - started;
        } while (elapsed < Duration.ofSeconds(4).toNanos());
        double expected = 5 + 10.0 * elapsed / 1e9;
        assertThat(limited).as("the bucket must have run dry").isPositive();
        assertThat((double) allowed).as("allowed %d of %d, expected about %.1f", allowed, allowed + limited, expected)
                .isBetween(expected * 0.95 - 1, expected * 1.03 + 1);
    }

    @Test
    void whenLimitedThenHeadersRetryAfterAndBodyAndOtherOrganizationsUnaffected() {
        Tenant limited = Tenants.create(context, "limited", "{\"write\": {\"perMinute\": 60, \"burst\": 2}}");
        Tenant neighbour = Tenants.create(context, "neighbour");
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < 2; i++) {
            client.put().uri("/api/v1/settings").header("Authorization", "Bearer " + limited.liveSecret())
                    .header("Content-Type", "application/json").bodyValue("{}").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("X-RateLimit-Limit", "60")
                    .expectHeader().valueEquals("X-RateLimit-Remaining", Integer.toString(1 - i))
                    .expectHeader().value("X-RateLimit-Reset", reset -> assertThat(Long.parseLong(reset)).isBetween(now, now + 4));
        }
        EntityExchangeResult<byte[]> rejected = client.put().uri("/api/v1/settings")
                .header("Authorization", "Bearer " + limited.liveSecret())
                .header("Content-Type", "application/json").bodyValue("{}").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("X-RateLimit-Remaining", "0")
                .expectHeader().valueEquals("X-RateLimit-Limit", "60")
                .expectHeader().exists("X-Request-Id")
                .expectHeader().value("Retry-After", retry -> assertThat(Integer.parseInt(retry)).isBetween(1, 2))
                .expectBody()
                .jsonPath("$.error").isEqualTo("Rate limit exceeded")
                .jsonPath("$.retryAfter").value(retry -> assertThat(((Number) retry).intValue()).isBetween(1, 2))
                .returnResult();
        assertThat(rejected.getResponseHeaders().getFirst("X-RateLimit-Reset")).isNotNull();
        // Reads are another bucket, and another organization has its own buckets.
        client.get().uri("/api/v1/settings").header("Authorization", "Bearer " + limited.liveSecret()).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Limit", "1000");
        client.put().uri("/api/v1/settings").header("Authorization", "Bearer " + neighbour.liveSecret())
                .header("Content-Type", "application/json").bodyValue("{}").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Limit", "500");
        // The test environment of the limited organization is limited separately.
        client.put().uri("/api/v1/settings").header("Authorization", "Bearer " + limited.testSecret())
                .header("Content-Type", "application/json").bodyValue("{}").exchange()
                .expectStatus().isOk();
    }

    @Test
    void whenConsumerRequestsOtpThenPerClientOtpLimitApplies() {
        Tenant tenant = Tenants.create(context, "otp-shop");
        for (int i = 0; i < 10; i++) {
            client.post().uri("/api/v1/auth/otp/request").header("X-Publishable-Key", tenant.livePublishable()).exchange()
                    .expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Limit", "10");
        }
        client.post().uri("/api/v1/auth/otp/request").header("X-Publishable-Key", tenant.livePublishable()).exchange()
                .expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
        // Other consumer categories of the same client are separate buckets.
        client.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", tenant.livePublishable()).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Limit", "100");
    }

    @Test
    void whenSpotlightSdkIsLimitedThen429InSpotlightFormat() {
        Tenant tenant = Tenants.create(context, "sdk-shop", "{\"sdk\": {\"perMinute\": 60, \"burst\": 1}}");
        client.get().uri("/v1/sdk/eligible").header("X-API-Key", tenant.livePublishable()).exchange().expectStatus().isOk();
        client.get().uri("/v1/sdk/eligible").header("X-API-Key", tenant.livePublishable()).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITED")
                .jsonPath("$.error.request_id").isNotEmpty();
    }

    @Test
    void whenLimitingThenEveryBucketKeyIsInTheNamespaceAndExpires() {
        Tenant tenant = Tenants.create(context, "keys-shop");
        client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                .expectStatus().isOk();
        ReactiveStringRedisTemplate redis = context.getBean(ReactiveStringRedisTemplate.class);
        String key = namespace + ":rl:{" + tenant.id() + ":live}:read";
        StepVerifier.create(redis.hasKey(key)).expectNext(true).verifyComplete();
        StepVerifier.create(redis.getExpire(key)).assertNext(ttl -> assertThat(ttl).isPositive()).verifyComplete();
        StepVerifier.create(redis.keys("dl:rl:{" + tenant.id() + "*").collectList())
                .assertNext(keys -> assertThat(keys).isEmpty()).verifyComplete();
    }
}
