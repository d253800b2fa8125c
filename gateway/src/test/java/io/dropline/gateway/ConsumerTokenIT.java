package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.session.RevocationKeys;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import io.dropline.gateway.config.RedisNamespaceProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumer access tokens at the gateway: real ES256 tokens minted here, verified against a JWKS served by a real
 * HTTP server standing in for consumer-service (it also echoes every routed request, like {@link EchoServer}).
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dropline.gateway.consumer-tokens.jwks-refetch-interval=2s")
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(ThreadProbe.class)
class ConsumerTokenIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ECKey SIGNING = ecKey("kid-1");
    private static final RSAKey RSA = rsaKey("rsa-1");
    /** What the stand-in publishes; tests add keys to it. */
    private static final List<JWK> PUBLISHED = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(SIGNING.toPublicJWK(), RSA.toPublicJWK()));
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
    private static final AtomicReference<String> JWKS_CONTEXT = new AtomicReference<>();
    private static DisposableServer consumerService;
    /** Sessions the stand-in's "database" holds as revoked, and how often the gateway asked it. */
    private static final java.util.Set<String> REVOKED_IN_DATABASE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final AtomicInteger REVOCATION_LOOKUPS = new AtomicInteger();
    /** Same kid as the published key, other key material: a token it signs fails every signature check. */
    private static final ECKey UNPUBLISHED = ecKey("kid-1");

    /** What the stand-in answers to the next sign-in ({@code POST /api/v1/auth/**}): its status and access token. */
    private record Issued(int status, String accessToken) {
    }

    private static final AtomicReference<Issued> ISSUED = new AtomicReference<>();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
        consumerService = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            if (request.uri().startsWith("/internal/sessions/")) {
                String sessionId = request.uri().split("/")[3];
                REVOCATION_LOOKUPS.incrementAndGet();
                return response.header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"sessionId\":\"" + sessionId + "\",\"revoked\":"
                                + REVOKED_IN_DATABASE.contains(sessionId) + "}")).then();
            }
            if (request.method().name().equals("POST") && request.uri().startsWith("/api/v1/auth/") && ISSUED.get() != null) {
                Issued issued = ISSUED.get();
                return response.status(issued.status()).header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"session\":{\"type\":\"guest\"},\"accessToken\":\"" + issued.accessToken()
                                + "\",\"refreshToken\":\"rt_opaque\",\"refreshTokenTtlSeconds\":2592000}")).then();
            }
            if (request.uri().equals("/internal/jwks")) {
                JWKS_FETCHES.incrementAndGet();
                JWKS_CONTEXT.set(request.requestHeaders().get(InternalContext.HEADER));
                return response.header("Content-Type", "application/json")
                        .sendString(Mono.just(new JWKSet(List.copyOf(PUBLISHED)).toString(true))).then();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            request.requestHeaders().forEach(header -> headers
                    .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(header.getValue()));
            return response.header("Content-Type", "application/json")
                    .sendString(Mono.just(JSON.writeValueAsString(Map.of("method", request.method().name(), "path", request.uri(),
                            "headers", headers))))
                    .then();
        }).bindNow();
        registry.add("dropline.gateway.services.consumer", () -> "http://127.0.0.1:" + consumerService.port());
    }

    @AfterAll
    static void stopConsumerService() {
        consumerService.disposeNow();
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    RedisNamespaceProperties namespace;

    Tenant tenant;
    Tenant neighbour;

    @BeforeAll
    void createTenants() {
        tenant = Tenants.create(context, "token-shop");
        neighbour = Tenants.create(context, "token-neighbour");
        cacheComplete();
    }

    /** What consumer-service's revocation cache keeper does once it has copied every revocation into Redis. */
    private void cacheComplete() {
        StepVerifier.create(redis.opsForValue().set(RevocationKeys.complete(namespace.namespace()), "test"))
                .expectNext(true).verifyComplete();
    }

    @Test
    void whenTokenIsGoodThenConsumerPrincipalIsSignedIntoTheContextAndTheTokenPassesOn() {
        String consumerId = Ids.newId("cons");
        String token = sign(SIGNING, claims(tenant.id(), "live", consumerId, Ids.newId("sess"), "authenticated"));
        byte[] body = client.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", tenant.livePublishable())
                .header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        Map<String, List<String>> headers = GatewayItSupport.echoedHeaders(body);
        InternalContext routed = GatewayItSupport.context(headers);
        assertThat(routed.surface()).isEqualTo(ApiSurface.CONSUMER);
        assertThat(routed.organizationId()).isEqualTo(tenant.id());
        assertThat(routed.principal().type()).isEqualTo("consumer");
        assertThat(routed.principal().id()).isEqualTo(consumerId);
        assertThat(routed.principal().keyId()).startsWith("key_");
        // consumer-service's logout reads the session from the token itself.
        assertThat(headers.get("authorization")).containsExactly("Bearer " + token);

        // The JWKS was fetched with a signed internal context from the gateway.
        InternalContext jwksContext = GatewayItSupport.CODEC.verify(JWKS_CONTEXT.get()).orElseThrow();
        assertThat(jwksContext.surface()).isEqualTo(ApiSurface.INTERNAL);
        assertThat(jwksContext.principal()).isEqualTo(Principal.service("gateway"));
    }

    @Test
    void whenATokenIsCheckedThenTheAnswerIsWrittenByTheThreadThatReadTheRequest() {
        String token = sign(SIGNING, claims(tenant.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "guest"));
        for (int i = 0; i < 40; i++) {
            routed(token, tenant.livePublishable());
        }
        // The revocation read and the limiter answer on Lettuce's threads; the routed call still goes out on the loop
        // that read the request, over that loop's pool, so the answer is written by that loop's thread.
        ThreadProbe.assertEveryAnswerWrittenByItsReader(client, 200, request -> request.uri("/api/v1/consumers/me")
                .header("X-Publishable-Key", tenant.livePublishable()).header("Authorization", "Bearer " + token));
    }

    @Test
    void whenGuestSessionThenGuestPrincipal() {
        String consumerId = Ids.newId("cons");
        InternalContext routed = routed(sign(SIGNING, claims(tenant.id(), "live", consumerId, Ids.newId("sess"), "guest")),
                tenant.livePublishable());
        assertThat(routed.principal().type()).isEqualTo("guest");
        assertThat(routed.principal().id()).isEqualTo(consumerId);
    }

    @Test
    void whenTestKeyThenOnlyTestTokensPass() {
        String live = sign(SIGNING, claims(tenant.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "guest"));
        String test = sign(SIGNING, claims(tenant.id(), "test", Ids.newId("cons"), Ids.newId("sess"), "guest"));
        assertThat(routed(test, tenant.testPublishable()).environment().wire()).isEqualTo("test");
        rejected(live, tenant.testPublishable());
        rejected(test, tenant.livePublishable());
    }

    @Test
    void whenTokenBelongsToAnotherOrganizationThenRejected() {
        rejected(sign(SIGNING, claims(neighbour.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "authenticated")),
                tenant.livePublishable());
    }

    @Test
    void whenAlgorithmIsNoneThenRejected() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"kid-1\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String payload = Base64URL.encode(good().toString().getBytes(StandardCharsets.UTF_8)).toString();
        rejected(header + "." + payload + ".", tenant.livePublishable());
        rejected(header + "." + payload, tenant.livePublishable());
    }

    @Test
    void whenHs256SignedWithThePublicKeyThenRejected() throws Exception {
        byte[] publicKeyAsSecret = SIGNING.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        rejected(sign(new MACSigner(publicKeyAsSecret), JWSAlgorithm.HS256, "kid-1", good()), tenant.livePublishable());
        byte[] encodedKey = SIGNING.toECPublicKey().getEncoded();
        byte[] padded = java.util.Arrays.copyOf(encodedKey, Math.max(32, encodedKey.length));
        rejected(sign(new MACSigner(padded), JWSAlgorithm.HS256, "kid-1", good()), tenant.livePublishable());
    }

    @Test
    void whenRs256EvenWithAPublishedRsaKeyThenRejected() throws Exception {
        rejected(sign(new RSASSASigner(RSA), JWSAlgorithm.RS256, "rsa-1", good()), tenant.livePublishable());
        rejected(sign(new RSASSASigner(RSA), JWSAlgorithm.RS256, "kid-1", good()), tenant.livePublishable());
    }

    @Test
    void whenSignatureIsWrongOrPayloadTamperedThenRejected() throws Exception {
        ECKey stranger = ecKey("kid-1");
        rejected(sign(stranger, good()), tenant.livePublishable());

        String[] parts = sign(SIGNING, good()).split("\\.");
        JWTClaimsSet forged = new JWTClaimsSet.Builder(good()).subject(Ids.newId("cons")).build();
        forged = new JWTClaimsSet.Builder(forged).claim("consumerId", forged.getSubject()).build();
        String tampered = parts[0] + "." + Base64URL.encode(forged.toString()) + "." + parts[2];
        rejected(tampered, tenant.livePublishable());
        rejected(parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[64]), tenant.livePublishable());
        rejected("not-a-jwt", tenant.livePublishable());
    }

    @Test
    void whenKidIsUnknownThenRejectedAndTheJwksIsRefetchedAtMostOncePerInterval() {
        routed(sign(SIGNING, good()), tenant.livePublishable());
        int before = JWKS_FETCHES.get();
        for (int i = 0; i < 5; i++) {
            rejected(sign(ecKey("kid-unknown-" + i), good()), tenant.livePublishable());
        }
        assertThat(JWKS_FETCHES.get() - before).isLessThanOrEqualTo(1);
        rejected(sign(ecdsa(SIGNING), JWSAlgorithm.ES256, null, good()), tenant.livePublishable());
    }

    @Test
    void whenConsumerServiceRotatesToANewKeyThenItsTokensAreAcceptedAfterARefetch() {
        ECKey rotated = ecKey("kid-rotated");
        PUBLISHED.add(rotated.toPublicJWK());
        String token = sign(rotated, good());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> client.get().uri("/api/v1/consumers/me")
                .header("X-Publishable-Key", tenant.livePublishable()).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk());
    }

    @Test
    void whenExpiredOrNotYetValidThenRejectedButSmallSkewIsTolerated() {
        Instant now = Instant.now();
        rejected(sign(SIGNING, lifetime(now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(5)), null)), tenant.livePublishable());
        rejected(sign(SIGNING, lifetime(now, now.plus(Duration.ofHours(1)), now.plus(Duration.ofMinutes(5)))), tenant.livePublishable());
        rejected(sign(SIGNING, lifetime(now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)), null)), tenant.livePublishable());
        JWTClaimsSet noExpiry = new JWTClaimsSet.Builder(good()).expirationTime(null).build();
        rejected(sign(SIGNING, noExpiry), tenant.livePublishable());
        routed(sign(SIGNING, lifetime(now.minus(Duration.ofHours(1)), now.minus(Duration.ofSeconds(10)), null)), tenant.livePublishable());
    }

    @Test
    void whenIssuerAudienceOrClaimsAreWrongThenRejected() {
        List<Consumer<JWTClaimsSet.Builder>> breakages = List.of(
                b -> b.issuer("dropline"),
                b -> b.issuer(null),
                b -> b.audience("someone-else"),
                b -> b.audience((String) null),
                b -> b.claim("consumerId", Ids.newId("cons")),
                b -> b.subject("user_1").claim("consumerId", "user_1"),
                b -> b.claim("sessionId", null),
                b -> b.claim("sessionType", "admin"),
                b -> b.claim("organizationId", null),
                b -> b.claim("environment", null));
        for (Consumer<JWTClaimsSet.Builder> breakage : breakages) {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder(good());
            breakage.accept(builder);
            rejected(sign(SIGNING, builder.build()), tenant.livePublishable());
        }
    }

    @Test
    void whenSessionIsRevokedThenItsTokensAreRejectedAtOnceAndOthersStillPass() {
        String sessionId = Ids.newId("sess");
        String token = sign(SIGNING, claims(tenant.id(), "live", Ids.newId("cons"), sessionId, "authenticated"));
        routed(token, tenant.livePublishable());
        StepVerifier.create(redis.opsForValue().set(namespace.namespace() + ":sess:revoked:" + sessionId, "1", Duration.ofMinutes(5)))
                .expectNext(true).verifyComplete();
        rejected(token, tenant.livePublishable());
        routed(sign(SIGNING, good()), tenant.livePublishable());
    }

    @Test
    void whenTheRevocationCacheIsNotCompleteThenConsumerServiceDecidesAndIsAskedOnlyThen() {
        String revokedSession = Ids.newId("sess");
        String revoked = sign(SIGNING, claims(tenant.id(), "live", Ids.newId("cons"), revokedSession, "authenticated"));
        String live = sign(SIGNING, good());
        REVOKED_IN_DATABASE.add(revokedSession);
        int lookups = REVOCATION_LOOKUPS.get();
        // The cache is complete and lacks the key: "not revoked" without asking anyone (the cache is trusted).
        routed(revoked, tenant.livePublishable());
        assertThat(REVOCATION_LOOKUPS.get()).isEqualTo(lookups);

        // Redis lost its data (the marker with it): a missing key proves nothing, the database decides.
        StepVerifier.create(redis.delete(RevocationKeys.complete(namespace.namespace()))).expectNext(1L).verifyComplete();
        try {
            rejected(revoked, tenant.livePublishable());
            routed(live, tenant.livePublishable());
            assertThat(REVOCATION_LOOKUPS.get()).isEqualTo(lookups + 2);
        } finally {
            cacheComplete();
        }
    }

    @Test
    void whenATokenWasIssuedThroughTheGatewayThenItsUseSkipsTheSignatureCheckButNotTheRevocationCheck() {
        // Signed with a key consumer-service does not publish: only having seen it issued can make it pass.
        String sessionId = Ids.newId("sess");
        String consumerId = Ids.newId("cons");
        String issued = sign(UNPUBLISHED, claims(tenant.id(), "live", consumerId, sessionId, "guest"));
        String forged = sign(UNPUBLISHED, claims(tenant.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "guest"));
        int jwksFetches = JWKS_FETCHES.get();

        issue("/api/v1/auth/guest", 201, issued, tenant.livePublishable());

        InternalContext routed = routed(issued, tenant.livePublishable());
        assertThat(routed.principal().type()).isEqualTo("guest");
        assertThat(routed.principal().id()).isEqualTo(consumerId);
        // A token nobody saw issued is verified as ever, and fails.
        rejected(forged, tenant.livePublishable());
        // Remembered for its tenant and environment only.
        rejected(issued, tenant.testPublishable());
        rejected(issued, neighbour.livePublishable());
        assertThat(JWKS_FETCHES.get() - jwksFetches).isLessThanOrEqualTo(1);

        // Revocation is still decided on every use.
        StepVerifier.create(redis.opsForValue().set(RevocationKeys.revoked(namespace.namespace(), sessionId), "1",
                Duration.ofMinutes(5))).expectNext(true).verifyComplete();
        rejected(issued, tenant.livePublishable());
    }

    @Test
    void whenARefreshOrExchangeIssuesATokenThenItIsRememberedToo() {
        String refreshed = sign(UNPUBLISHED, claims(tenant.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "authenticated"));
        String exchanged = sign(UNPUBLISHED, claims(tenant.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "authenticated"));
        issue("/api/v1/auth/refresh", 200, refreshed, tenant.livePublishable());
        issue("/api/v1/auth/external/exchange", 201, exchanged, tenant.livePublishable());
        assertThat(routed(refreshed, tenant.livePublishable()).principal().type()).isEqualTo("consumer");
        assertThat(routed(exchanged, tenant.livePublishable()).principal().type()).isEqualTo("consumer");
    }

    @Test
    void whenAnIssuedTokenFailsAnyOtherCheckOrTheAnswerIsNotASuccessThenItIsNotRemembered() {
        Instant now = Instant.now();
        String otherTenant = sign(UNPUBLISHED, claims(neighbour.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "guest"));
        String expired = sign(UNPUBLISHED, new JWTClaimsSet.Builder(good())
                .issueTime(Date.from(now.minus(Duration.ofHours(2)))).notBeforeTime(null)
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build());
        String wrongIssuer = sign(UNPUBLISHED, new JWTClaimsSet.Builder(good()).issuer("someone").build());
        String refused = sign(UNPUBLISHED, good());
        issue("/api/v1/auth/guest", 201, otherTenant, tenant.livePublishable());
        issue("/api/v1/auth/guest", 201, expired, tenant.livePublishable());
        issue("/api/v1/auth/guest", 201, wrongIssuer, tenant.livePublishable());
        issue("/api/v1/auth/guest", 400, refused, tenant.livePublishable());
        rejected(otherTenant, tenant.livePublishable());
        rejected(otherTenant, neighbour.livePublishable());
        rejected(expired, tenant.livePublishable());
        rejected(wrongIssuer, tenant.livePublishable());
        rejected(refused, tenant.livePublishable());
    }

    /** A sign-in through the gateway that consumer-service's stand-in answers with this token; the body is passed on whole. */
    private void issue(String path, int status, String accessToken, String publishableKey) {
        ISSUED.set(new Issued(status, accessToken));
        try {
            client.post().uri(path).header("X-Publishable-Key", publishableKey)
                    .header("Content-Type", "application/json").bodyValue("{}").exchange()
                    .expectStatus().isEqualTo(status)
                    .expectBody().jsonPath("$.accessToken").isEqualTo(accessToken)
                    .jsonPath("$.refreshToken").isEqualTo("rt_opaque");
        } finally {
            ISSUED.set(null);
        }
    }

    private InternalContext routed(String token, String publishableKey) {
        byte[] body = client.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", publishableKey)
                .header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return GatewayItSupport.context(GatewayItSupport.echoedHeaders(body));
    }

    private void rejected(String token, String publishableKey) {
        client.get().uri("/api/v1/consumers/me").header("X-Publishable-Key", publishableKey)
                .header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid access token");
    }

    private JWTClaimsSet good() {
        return claims(tenant.id(), "live", Ids.newId("cons"), Ids.newId("sess"), "authenticated");
    }

    private JWTClaimsSet lifetime(Instant issuedAt, Instant expiresAt, Instant notBefore) {
        return new JWTClaimsSet.Builder(good()).issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt))
                .notBeforeTime(notBefore == null ? null : Date.from(notBefore)).build();
    }

    private static JWTClaimsSet claims(UUID organization, String environment, String consumerId, String sessionId, String type) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("dropline-consumer")
                .audience("dropline")
                .subject(consumerId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("consumerId", consumerId)
                .claim("organizationId", Ids.format("org", organization))
                .claim("environment", environment)
                .claim("sessionId", sessionId)
                .claim("sessionType", type)
                .build();
    }

    private static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            return sign(new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID(), claims);
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static JWSSigner ecdsa(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }
}
