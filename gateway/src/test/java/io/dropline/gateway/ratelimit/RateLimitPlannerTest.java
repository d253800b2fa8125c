package io.dropline.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.Principal;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.config.RateLimitProperties;
import io.dropline.gateway.config.RateLimitProperties.Limit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RateLimitPlannerTest {

    private static final UUID ORG = UUID.fromString("01900000-0000-7000-8000-000000000001");
    private static final RateLimitProperties PROPERTIES = new RateLimitProperties(true, "h", 1, Duration.ofMillis(50),
            Duration.ofSeconds(1), 0.05, Duration.ofSeconds(1), Map.of("read", new Limit(1000, null), "write", new Limit(500, null),
                    "batch", new Limit(100, null), "analytics", new Limit(100, null), "otp", new Limit(10, null),
                    "queue_entry", new Limit(1000, 100), "bids", new Limit(500, 50),
                    "consumer_ceiling", new Limit(30000, null)));

    @Test
    void whenAdminRequestThenOneBucketPerOrganizationEnvironmentAndCategory() {
        RateLimitPlanner planner = new RateLimitPlanner(PROPERTIES, "dl");
        Caller admin = caller(ApiSurface.ADMIN, Principal.apiKey("key_x"), Map.of());
        assertThat(planner.plan(admin, MockServerHttpRequest.get("/api/v1/experiences").build()))
                .containsExactly(new Bucket("dl:rl:{" + ORG + ":test}:read", "read", 1000, 1000));
        assertThat(RateLimitPlanner.adminCategory(MockServerHttpRequest.post("/api/v1/experiences").build())).isEqualTo("write");
        assertThat(RateLimitPlanner.adminCategory(MockServerHttpRequest.post("/api/v1/audiences/aud_1/members/batch").build())).isEqualTo("batch");
        assertThat(RateLimitPlanner.adminCategory(MockServerHttpRequest.post("/api/v1/analytics/query").build())).isEqualTo("analytics");
    }

    @Test
    void whenConsumerRequestThenPerSubjectBucketPlusOrganizationCeiling() {
        RateLimitPlanner planner = new RateLimitPlanner(PROPERTIES, "dl");
        Caller anonymous = caller(ApiSurface.CONSUMER, Principal.apiKey("key_x"), Map.of());
        List<Bucket> buckets = planner.plan(anonymous, MockServerHttpRequest.post("/api/v1/queues/queue_1/enter").build());
        assertThat(buckets).extracting(Bucket::key).containsExactly(
                "dl:rl:{" + ORG + ":test}:queue_entry:ip:10.0.0.9", "dl:rl:{" + ORG + ":test}:consumer_ceiling");
        assertThat(buckets.get(0).capacity()).isEqualTo(100);
        Caller consumer = caller(ApiSurface.CONSUMER, Principal.consumer("cons_1", "key_x"), Map.of());
        assertThat(planner.plan(consumer, MockServerHttpRequest.post("/api/v1/auctions/auction_1/bid").build()).get(0).key())
                .isEqualTo("dl:rl:{" + ORG + ":test}:bids:cons_1");
        assertThat(RateLimitPlanner.consumerCategory(MockServerHttpRequest.post("/api/v1/auth/otp/request").build())).isEqualTo("otp");
        assertThat(RateLimitPlanner.consumerCategory(MockServerHttpRequest.get("/api/v1/queues/q/status").build())).isEqualTo("status");
        assertThat(RateLimitPlanner.consumerCategory(MockServerHttpRequest.method(HttpMethod.DELETE, "/api/v1/experiences/e/leave").build()))
                .isEqualTo("consumer_read");
    }

    @Test
    void whenSdkRequestThenPerAddressBucketPlusTheSdkCeilingAndSpotlightAdminPaysAdminCategories() {
        RateLimitPlanner planner = new RateLimitPlanner(PROPERTIES, "dl");
        Caller sdk = caller(ApiSurface.SDK, Principal.apiKey("key_x"), Map.of());
        assertThat(planner.plan(sdk, MockServerHttpRequest.post("/v1/sdk/eligible").build())).extracting(Bucket::key)
                .containsExactly("dl:rl:{" + ORG + ":test}:sdk:ip:10.0.0.9", "dl:rl:{" + ORG + ":test}:sdk_ceiling");
        Caller admin = caller(ApiSurface.SPOTLIGHT_ADMIN, Principal.adminUser("auth0|u1", "key_x"), Map.of());
        assertThat(planner.plan(admin, MockServerHttpRequest.post("/v1/admin/tours").build())).extracting(Bucket::key)
                .containsExactly("dl:rl:{" + ORG + ":test}:write");
        assertThat(planner.plan(admin, MockServerHttpRequest.get("/v1/admin/analytics/selector-health").build()))
                .extracting(Bucket::key).containsExactly("dl:rl:{" + ORG + ":test}:analytics");
    }

    @Test
    void whenOrganizationOverridesThenItsFiguresWin() {
        RateLimitPlanner planner = new RateLimitPlanner(PROPERTIES, "dl");
        Caller admin = caller(ApiSurface.ADMIN, Principal.apiKey("key_x"),
                Map.of("read", 600, "write", Map.of("perMinute", 60, "burst", 2), "batch", "nonsense"));
        assertThat(planner.plan(admin, MockServerHttpRequest.get("/api/v1/x").build()).get(0))
                .extracting(Bucket::perMinute, Bucket::capacity).containsExactly(600, 600);
        assertThat(planner.plan(admin, MockServerHttpRequest.put("/api/v1/x").build()).get(0))
                .extracting(Bucket::perMinute, Bucket::capacity).containsExactly(60, 2);
        assertThat(planner.plan(admin, MockServerHttpRequest.post("/api/v1/x/batch").build()).get(0))
                .extracting(Bucket::perMinute).isEqualTo(100);
    }

    private static Caller caller(ApiSurface surface, Principal principal, Map<String, Object> overrides) {
        return new Caller(ORG, Environment.TEST, surface, principal,
                new AuthenticatedKey(UUID.randomUUID(), ORG, KeyType.SECRET, Environment.TEST, overrides), "10.0.0.9");
    }
}
