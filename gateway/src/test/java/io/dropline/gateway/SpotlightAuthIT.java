package io.dropline.gateway;

import static io.dropline.gateway.AdminTokens.JSON;
import static io.dropline.gateway.AdminTokens.addAdmin;
import static io.dropline.gateway.AdminTokens.configure;
import static io.dropline.gateway.AdminTokens.inlineJwks;
import static io.dropline.gateway.AdminTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Spotlight authentication at the real gateway: admin JWTs signed with key pairs made here (RSA and EC), every token
 * attack the issue lists, the three admin strategies, a JWKS URL served by a real local HTTP server (the SSRF guard is
 * relaxed for it by {@code allow-private-hosts}), the kill switch in the forwarded context, and the SDK key rules.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dropline.spotlight.jwks.allow-private-hosts=true", "dropline.spotlight.jwks.refetch-interval=30s"})
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpotlightAuthIT {

    private static final RSAKey RSA = AdminTokens.rsa("rsa-1");
    private static final ECKey EC = AdminTokens.ec("ec-1");
    private static final RSAKey OTHER_TENANTS_KEY = AdminTokens.rsa("rsa-1");
    private static final RSAKey URL_KEY_1 = AdminTokens.rsa("url-1");
    private static final RSAKey URL_KEY_2 = AdminTokens.rsa("url-2");
    private static final List<JWK> PUBLISHED = new CopyOnWriteArrayList<>(List.of(URL_KEY_1.toPublicJWK()));
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    private static DisposableServer jwksServer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    Tenant tenant;
    Tenant other;

    @BeforeAll
    void setUp() {
        jwksServer = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/jwks", (request, response) -> {
                    JWKS_FETCHES.incrementAndGet();
                    String body = JSON.writeValueAsString(Map.of("keys", PUBLISHED.stream().map(JWK::toJSONObject).toList()));
                    return response.header("Content-Type", "application/json").sendString(Mono.just(body)).then();
                }))
                .bindNow();
        tenant = Tenants.create(context, "spot-auth");
        other = Tenants.create(context, "spot-other");
        configure(client, tenant.liveSecret(), Map.of(
                "jwks", Map.of("keys", AdminTokens.publicKeys(RSA, EC), "issuer", "https://idp.example",
                        "audiences", List.of("spotlight")),
                "admin_strategy", Map.of("type", "table_lookup")));
        addAdmin(client, tenant.liveSecret(), "auth0|admin-1", "Admin.One@Example.com");
        configure(client, other.liveSecret(), Map.of("jwks", inlineJwks(OTHER_TENANTS_KEY),
                "admin_strategy", Map.of("type", "all_authenticated")));
    }

    @AfterAll
    void tearDown() {
        jwksServer.disposeNow();
    }

    private static String good(JWK key, String subject) {
        return token(key, subject, claims -> claims.issuer("https://idp.example").audience("spotlight"));
    }

    private WebTestClient.ResponseSpec admin(String apiKey, String jwt) {
        WebTestClient.RequestHeadersSpec<?> request = client.get().uri("/v1/admin/tours");
        if (apiKey != null) {
            request = request.header("X-API-Key", apiKey);
        }
        if (jwt != null) {
            request = request.header("Authorization", "Bearer " + jwt);
        }
        return request.exchange();
    }

    private InternalContext routed(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return GatewayItSupport.context(GatewayItSupport.echoedHeaders(body));
    }

    private void expectError(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectBody().jsonPath("$.error.code").isEqualTo(code)
                .jsonPath("$.error.message").isNotEmpty()
                .jsonPath("$.error.request_id").isNotEmpty();
    }

    @Test
    void whenValidRsaOrEcAdminTokenThenRoutedAsAdminUserWithTheKeyId() {
        for (JWK key : List.of(RSA, EC)) {
            InternalContext routed = routed(admin(tenant.liveSecret(), good(key, "auth0|admin-1")));
            assertThat(routed.surface()).isEqualTo(ApiSurface.SPOTLIGHT_ADMIN);
            assertThat(routed.organizationId()).isEqualTo(tenant.id());
            assertThat(routed.environment()).isEqualTo(Environment.LIVE);
            assertThat(routed.principal().isAdminUser()).isTrue();
            assertThat(routed.principal().id()).isEqualTo("auth0|admin-1");
            assertThat(routed.principal().keyId()).startsWith("key_");
            assertThat(routed.disabledFeatures()).isEmpty();
        }
        byte[] echoed = admin(tenant.liveSecret(), good(RSA, "auth0|admin-1")).expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(GatewayItSupport.echoedHeaders(echoed)).doesNotContainKeys("authorization", "x-api-key");
    }

    @Test
    void whenAlgNoneThen401() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String claims = Base64URL.encode(("{\"sub\":\"auth0|admin-1\",\"iss\":\"https://idp.example\",\"aud\":\"spotlight\",\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8)).toString();
        expectError(admin(tenant.liveSecret(), header + "." + claims + "."), 401, "UNAUTHORIZED");
        expectError(admin(tenant.liveSecret(), header + "." + claims + ".c2ln"), 401, "UNAUTHORIZED");
    }

    @Test
    void whenHs256SignedWithThePublicKeyThen401() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("auth0|admin-1").issuer("https://idp.example")
                .audience("spotlight").expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        for (byte[] secret : List.of(RSA.toPublicKey().getEncoded(), RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims);
            confused.sign(new MACSigner(secret));
            expectError(admin(tenant.liveSecret(), confused.serialize()), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void whenClaimsOrSignatureAreWrongThen401() {
        Instant now = Instant.now();
        RSAKey unknownKid = AdminTokens.rsa("rsa-unknown");
        List<String> bad = List.of(
                good(unknownKid, "auth0|admin-1"),
                token(RSA, "auth0|admin-1", c -> c.issuer("https://idp.example").audience("spotlight")
                        .issueTime(Date.from(now.minusSeconds(3600))).expirationTime(Date.from(now.minusSeconds(600)))),
                token(RSA, "auth0|admin-1", c -> c.issuer("https://idp.example").audience("spotlight")
                        .notBeforeTime(Date.from(now.plusSeconds(600)))),
                token(RSA, "auth0|admin-1", c -> c.issuer("https://idp.example").audience("spotlight")
                        .issueTime(Date.from(now.plusSeconds(600)))),
                token(RSA, "auth0|admin-1", c -> c.issuer("https://idp.example").audience("another-app")),
                token(RSA, "auth0|admin-1", c -> c.issuer("https://evil.example").audience("spotlight")),
                token(RSA, "auth0|admin-1", c -> c.issuer("https://idp.example").audience("spotlight").expirationTime(null)),
                good(OTHER_TENANTS_KEY, "auth0|admin-1"),
                "not-a-jwt",
                "a.b.c");
        for (String jwt : bad) {
            expectError(admin(tenant.liveSecret(), jwt), 401, "UNAUTHORIZED");
        }
    }

    @Test
    void whenPayloadTamperedThen401() {
        String[] parts = good(RSA, "auth0|nobody").split("\\.");
        String forged = Base64URL.encode(("{\"sub\":\"auth0|admin-1\",\"iss\":\"https://idp.example\",\"aud\":\"spotlight\",\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8)).toString();
        expectError(admin(tenant.liveSecret(), parts[0] + "." + forged + "." + parts[2]), 401, "UNAUTHORIZED");
    }

    @Test
    void whenKeyOrTokenMissingOrWrongThenUnauthorizedOrForbidden() {
        String jwt = good(RSA, "auth0|admin-1");
        expectError(admin(null, jwt), 401, "UNAUTHORIZED");
        expectError(admin(tenant.liveSecret(), null), 401, "UNAUTHORIZED");
        expectError(admin("sk_live_nonsense", jwt), 401, "UNAUTHORIZED");
        expectError(admin(tenant.livePublishable(), jwt), 403, "FORBIDDEN");
        // The other tenant's own key with a token of this tenant's key pair: wrong JWKS → 401.
        expectError(admin(other.liveSecret(), good(RSA, "auth0|admin-1")), 401, "UNAUTHORIZED");
        // sk_test addresses the test environment, which has no JWKS configured.
        expectError(admin(tenant.testSecret(), jwt), 401, "UNAUTHORIZED");
    }

    @Test
    void whenTableLookupThenOnlyActiveAdminUsersPass() {
        Tenant lookup = Tenants.create(context, "spot-lookup");
        configure(client, lookup.liveSecret(), Map.of("jwks", inlineJwks(RSA)));
        addAdmin(client, lookup.liveSecret(), "active-user", "active@example.com");
        addAdmin(client, lookup.liveSecret(), "disabled-user", "disabled@example.com");
        client.put().uri("/api/v1/settings/spotlight/admin-users/disabled-user").header("Authorization", "Bearer " + lookup.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"status\":\"disabled\"}").exchange().expectStatus().isOk();
        routed(admin(lookup.liveSecret(), token(RSA, "active-user")));
        expectError(admin(lookup.liveSecret(), token(RSA, "disabled-user")), 403, "FORBIDDEN");
        expectError(admin(lookup.liveSecret(), token(RSA, "missing-user")), 403, "FORBIDDEN");

        configure(client, lookup.liveSecret(), Map.of("admin_strategy", Map.of("type", "table_lookup", "match_claim", "email")));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> routed(admin(lookup.liveSecret(),
                token(RSA, "whoever", c -> c.claim("email", "ACTIVE@example.com").claim("email_verified", true)))));
        expectError(admin(lookup.liveSecret(), token(RSA, "active-user")), 403, "FORBIDDEN");
        expectError(admin(lookup.liveSecret(), token(RSA, "x", c -> c.claim("email", "disabled@example.com")
                .claim("email_verified", true))), 403, "FORBIDDEN");
        // An address the IdP has not verified names nobody: anyone could sign up with an admin's e-mail.
        expectError(admin(lookup.liveSecret(), token(RSA, "whoever", c -> c.claim("email", "active@example.com"))), 403, "FORBIDDEN");
        expectError(admin(lookup.liveSecret(), token(RSA, "whoever", c -> c.claim("email", "active@example.com")
                .claim("email_verified", false))), 403, "FORBIDDEN");
    }

    @Test
    void whenClaimStrategyThenTheClaimDecides() {
        Tenant claims = Tenants.create(context, "spot-claim");
        configure(client, claims.liveSecret(), Map.of("jwks", inlineJwks(EC),
                "admin_strategy", Map.of("type", "claim", "claim", "role", "value", "admin")));
        routed(admin(claims.liveSecret(), token(EC, "u1", c -> c.claim("role", "admin"))));
        routed(admin(claims.liveSecret(), token(EC, "u2", c -> c.claim("role", List.of("viewer", "admin")))));
        expectError(admin(claims.liveSecret(), token(EC, "u3", c -> c.claim("role", "viewer"))), 403, "FORBIDDEN");
        expectError(admin(claims.liveSecret(), token(EC, "u4", c -> c.claim("role", List.of("viewer")))), 403, "FORBIDDEN");
        expectError(admin(claims.liveSecret(), token(EC, "u5")), 403, "FORBIDDEN");
    }

    @Test
    void whenAllAuthenticatedThenAnyValidTokenPasses() {
        InternalContext routed = routed(admin(other.liveSecret(), token(OTHER_TENANTS_KEY, "anyone")));
        assertThat(routed.principal().id()).isEqualTo("anyone");
        assertThat(routed.organizationId()).isEqualTo(other.id());
    }

    @Test
    void whenNewTenantHasNoJwksThenEveryAdminTokenIs401() {
        Tenant fresh = Tenants.create(context, "spot-fresh");
        expectError(admin(fresh.liveSecret(), token(RSA, "auth0|admin-1")), 401, "UNAUTHORIZED");
        client.get().uri("/api/v1/settings/spotlight").header("Authorization", "Bearer " + fresh.liveSecret()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.admin_strategy.type").isEqualTo("table_lookup")
                .jsonPath("$.jwks").doesNotExist()
                .jsonPath("$.circuit_breaker.tours.enabled").isEqualTo(true);
    }

    @Test
    void whenJwksUrlThenFetchedCachedAndRefetchedOnceForAnUnknownKid() {
        Tenant byUrl = Tenants.create(context, "spot-url");
        configure(client, byUrl.liveSecret(), Map.of("jwks", Map.of("url", "http://127.0.0.1:" + jwksServer.port() + "/jwks"),
                "admin_strategy", Map.of("type", "all_authenticated")));
        int before = JWKS_FETCHES.get();
        routed(admin(byUrl.liveSecret(), token(URL_KEY_1, "u1")));
        routed(admin(byUrl.liveSecret(), token(URL_KEY_1, "u1")));
        assertThat(JWKS_FETCHES.get() - before).isEqualTo(1);
        // The IdP rotates: the gateway learns the new kid with exactly one refetch.
        PUBLISHED.add(URL_KEY_2.toPublicJWK());
        routed(admin(byUrl.liveSecret(), token(URL_KEY_2, "u2")));
        assertThat(JWKS_FETCHES.get() - before).isEqualTo(2);
        // Made-up kids within the refetch interval cost no further fetch.
        for (int i = 0; i < 3; i++) {
            expectError(admin(byUrl.liveSecret(), token(AdminTokens.rsa("made-up-" + i), "u3")), 401, "UNAUTHORIZED");
        }
        assertThat(JWKS_FETCHES.get() - before).isEqualTo(2);
        routed(admin(byUrl.liveSecret(), token(URL_KEY_1, "u1")));
    }

    @Test
    void whenCircuitBreakerToggledThenDisabledFeaturesFollowWithinTwoSeconds() {
        Tenant breaker = Tenants.create(context, "spot-breaker");
        configure(client, breaker.liveSecret(), Map.of("jwks", inlineJwks(RSA), "admin_strategy", Map.of("type", "all_authenticated")));
        String jwt = token(RSA, "ops");
        client.post().uri("/v1/admin/config/circuit-breaker").header("X-API-Key", breaker.liveSecret())
                .header("Authorization", "Bearer " + jwt).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"feature\":\"tours\",\"enabled\":false}").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.tours.enabled").isEqualTo(false)
                .jsonPath("$.data.content.enabled").isEqualTo(true);
        Instant flipped = Instant.now();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(routed(admin(breaker.liveSecret(), jwt)).disabledFeatures()).containsExactly("tours");
            assertThat(routed(client.post().uri("/v1/sdk/eligible").header("X-API-Key", breaker.livePublishable()).exchange())
                    .disabledFeatures()).containsExactly("tours");
        });
        assertThat(Duration.between(flipped, Instant.now())).isLessThan(Duration.ofMillis(2500));
        // The test environment has a kill switch of its own.
        assertThat(routed(client.post().uri("/v1/sdk/eligible").header("X-API-Key", breaker.testPublishable()).exchange())
                .disabledFeatures()).isEmpty();
        client.post().uri("/v1/admin/config/circuit-breaker").header("X-API-Key", breaker.liveSecret())
                .header("Authorization", "Bearer " + jwt).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"feature\":\"content\",\"enabled\":false}").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(routed(admin(breaker.liveSecret(), jwt)).disabledFeatures()).isEqualTo(Set.of("tours", "content")));
    }

    @Test
    void whenSdkThenPublishableKeyOnlyAndTheOriginMustBeAllowed() {
        Tenant sdk = Tenants.create(context, "spot-sdk");
        InternalContext routed = routed(client.post().uri("/v1/sdk/eligible").header("X-API-Key", sdk.livePublishable()).exchange());
        assertThat(routed.surface()).isEqualTo(ApiSurface.SDK);
        assertThat(routed.principal().type()).isEqualTo("api_key");
        assertThat(routed.principal().keyId()).isEqualTo(routed.principal().id()).startsWith("key_");
        routed(client.post().uri("/v1/sdk/events").header("X-Publishable-Key", sdk.testPublishable()).exchange());
        expectError(client.post().uri("/v1/sdk/eligible").header("X-API-Key", sdk.liveSecret()).exchange(), 403, "FORBIDDEN");
        expectError(client.post().uri("/v1/sdk/eligible").exchange(), 401, "UNAUTHORIZED");
        expectError(client.post().uri("/v1/sdk/eligible").header("X-API-Key", "pk_live_nonsense").exchange(), 401, "UNAUTHORIZED");
        // No list: every origin may call.
        routed(client.post().uri("/v1/sdk/eligible").header("X-API-Key", sdk.livePublishable()).header("Origin", "https://anywhere.example").exchange());

        configure(client, sdk.liveSecret(), Map.of("allowed_origins", List.of("https://Shop.example", "http://localhost:3000")));
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> expectError(client.post().uri("/v1/sdk/eligible")
                .header("X-API-Key", sdk.livePublishable()).header("Origin", "https://evil.example").exchange(), 403, "FORBIDDEN"));
        client.post().uri("/v1/sdk/eligible").header("X-API-Key", sdk.livePublishable()).header("Origin", "https://shop.example")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://shop.example");
        routed(client.post().uri("/v1/sdk/eligible").header("X-API-Key", sdk.livePublishable()).header("Origin", "http://localhost:3000").exchange());
        // Server-to-server calls carry no Origin and are not subject to the list.
        routed(client.post().uri("/v1/sdk/eligible").header("X-API-Key", sdk.livePublishable()).exchange());
        // The test environment has its own (empty) list.
        routed(client.post().uri("/v1/sdk/eligible").header("X-API-Key", sdk.testPublishable()).header("Origin", "https://evil.example").exchange());
    }

    @Test
    void whenCorsPreflightOnSdkThenAnsweredWithoutAKey() {
        client.method(HttpMethod.OPTIONS).uri("/v1/sdk/eligible").header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type, x-api-key")
                .exchange().expectStatus().isNoContent()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "https://shop.example")
                .expectHeader().value("Access-Control-Allow-Methods", methods -> assertThat(methods).contains("POST"))
                .expectHeader().value("Access-Control-Allow-Headers", headers -> assertThat(headers).contains("X-API-Key"));
    }
}
