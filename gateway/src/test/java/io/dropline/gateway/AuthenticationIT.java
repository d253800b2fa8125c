package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dropline.gateway.key-cache-ttl=2s")
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    Tenant tenant;

    @BeforeAll
    void createTenant() {
        tenant = Tenants.create(context, "auth-shop");
    }

    @Test
    void whenNoCredentialThen401AuthenticationRequired() {
        client.get().uri("/api/v1/organizations/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().exists("X-Request-Id")
                .expectBody().jsonPath("$.error").isEqualTo("Authentication required")
                .jsonPath("$.requestId").isNotEmpty();
    }

    @Test
    void whenKeyMalformedUnknownOrWrongSecretThen401InvalidApiKey() {
        String unknown = "sk_live_" + Ids.newId("key").substring(4) + "A".repeat(32);
        String wrongSecret = tenant.liveSecret().substring(0, tenant.liveSecret().length() - 1)
                + (tenant.liveSecret().endsWith("A") ? "B" : "A");
        String wrongEnvironment = tenant.liveSecret().replace("sk_live_", "sk_test_");
        for (String key : new String[] {"sk_live_nonsense", "sk_live_" + "x".repeat(58), unknown, wrongSecret, wrongEnvironment,
                tenant.livePublishable()}) {
            client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + key).exchange()
                    .expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.error").isEqualTo("Invalid API key");
        }
    }

    @Test
    void whenSecretKeyThenAdminContextIsSignedAndForwarded() {
        InternalContext signed = routedContext(client.get().uri("/api/v1/experiences")
                .header("Authorization", "Bearer " + tenant.liveSecret()));
        assertThat(signed.organizationId()).isEqualTo(tenant.id());
        assertThat(signed.environment()).isEqualTo(Environment.LIVE);
        assertThat(signed.surface()).isEqualTo(ApiSurface.ADMIN);
        assertThat(signed.principal().type()).isEqualTo("api_key");
        assertThat(signed.principal().keyId()).startsWith("key_");
    }

    @Test
    void whenTestKeyThenContextCarriesTheTestEnvironment() {
        InternalContext live = routedContext(client.get().uri("/api/v1/experiences")
                .header("Authorization", "Bearer " + tenant.liveSecret()));
        InternalContext test = routedContext(client.get().uri("/api/v1/experiences")
                .header("Authorization", "Bearer " + tenant.testSecret()));
        assertThat(live.environment()).isEqualTo(Environment.LIVE);
        assertThat(test.environment()).isEqualTo(Environment.TEST);
        assertThat(test.organizationId()).isEqualTo(live.organizationId());
        // The organization itself is shared by both environments.
        client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + tenant.testSecret()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(Ids.format("org", tenant.id()));
    }

    @Test
    void whenPublishableKeyOnAdminPathThen401SecretKeyRequired() {
        client.get().uri("/api/v1/organizations/me").header("X-Publishable-Key", tenant.livePublishable()).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Secret key required");
        client.post().uri("/api/v1/queues/queue_x/admit").header("X-Publishable-Key", tenant.livePublishable()).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Secret key required");
    }

    @Test
    void whenPublishableKeyOnConsumerPathThenConsumerContext() {
        InternalContext signed = routedContext(client.post().uri("/api/v1/queues/queue_1/enter")
                .header("X-Publishable-Key", tenant.testPublishable()));
        assertThat(signed.surface()).isEqualTo(ApiSurface.CONSUMER);
        assertThat(signed.environment()).isEqualTo(Environment.TEST);
        client.get().uri("/api/v1/organizations/current").header("X-Publishable-Key", tenant.livePublishable()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.slug").isEqualTo("auth-shop");
    }

    @Test
    void whenPublishableKeyWithConsumerTokenThenDefaultVerifierRejects() {
        client.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", tenant.livePublishable())
                .header("Authorization", "Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid access token");
    }

    @Test
    void whenSpotlightAdminWithoutValidCredentialsThenRejectedInSpotlightFormat() {
        client.get().uri("/v1/admin/tours").header("X-API-Key", tenant.liveSecret())
                .header("Authorization", "Bearer some.admin.jwt").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHORIZED")
                .jsonPath("$.error.request_id").isNotEmpty();
        client.get().uri("/v1/admin/tours").header("X-API-Key", tenant.livePublishable())
                .header("Authorization", "Bearer some.admin.jwt").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.code").isEqualTo("FORBIDDEN");
        client.get().uri("/v1/admin/tours").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void whenSdkWithPublishableKeyThenSdkContext() {
        InternalContext signed = routedContext(client.get().uri("/v1/sdk/eligible").header("X-API-Key", tenant.livePublishable()));
        assertThat(signed.surface()).isEqualTo(ApiSurface.SDK);
        client.get().uri("/v1/sdk/eligible").header("X-API-Key", tenant.liveSecret()).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo("FORBIDDEN");
    }

    @Test
    void whenKeyRevokedElsewhereThenItStopsWorkingWithinTheCacheTtl() {
        Tenant revoked = Tenants.create(context, "revoked-shop");
        client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + revoked.liveSecret()).exchange()
                .expectStatus().isOk();
        // As another replica's rotation would: straight in the database, bypassing this replica's cache.
        Tenants.execute(context, "UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND type = 'secret' AND environment = 'live'",
                revoked.id());
        Instant revokedAt = Instant.now();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + revoked.liveSecret()).exchange()
                        .expectStatus().isUnauthorized());
        assertThat(Duration.between(revokedAt, Instant.now())).isLessThanOrEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void whenSecretKeyRotatedThenNewKeyWorksAndOldKeyIsRevoked() {
        Tenant rotating = Tenants.create(context, "rotating-shop");
        byte[] body = client.post().uri("/api/v1/organizations/secret-key/rotate")
                .header("Authorization", "Bearer " + rotating.testSecret()).exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.environment").isEqualTo("test")
                .jsonPath("$.id").value(id -> assertThat((String) id).startsWith("key_"))
                .returnResult().getResponseBody();
        String newKey = (String) JsonMapper.builder().build().readValue(body, Map.class).get("secretKey");
        assertThat(newKey).startsWith("sk_test_").isNotEqualTo(rotating.testSecret());
        client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + newKey).exchange()
                .expectStatus().isOk();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + rotating.testSecret()).exchange()
                        .expectStatus().isUnauthorized());
        // The live key of the same organization is untouched.
        client.get().uri("/api/v1/organizations/me").header("Authorization", "Bearer " + rotating.liveSecret()).exchange()
                .expectStatus().isOk();
        client.post().uri("/api/v1/organizations/secret-key/rotate").header("X-Publishable-Key", rotating.livePublishable())
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void whenExemptPathThenNoCredentialNeeded() {
        client.get().uri("/health").exchange().expectStatus().isOk();
        client.get().uri("/openapi.json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/api/v1/organizations/me']").exists();
    }

    private InternalContext routedContext(WebTestClient.RequestHeadersSpec<?> request) {
        byte[] body = request.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return GatewayItSupport.context(GatewayItSupport.echoedHeaders(body));
    }
}
