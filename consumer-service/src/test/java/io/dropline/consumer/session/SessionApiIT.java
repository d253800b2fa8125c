package io.dropline.consumer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dropline.consumer.sessions.exchange-code-ttl=2s")
@AutoConfigureWebTestClient
class SessionApiIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "consumer");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Value("${dropline.redis.namespace}")
    String namespace;

    UUID org;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
    }

    @Test
    void whenGuestThenSessionBundleWithAnAccessTokenVerifiableByTheJwks() throws Exception {
        JsonNode bundle = guest(org, Environment.LIVE);
        JsonNode session = bundle.get("session");
        assertThat(session.get("type").stringValue()).isEqualTo("guest");
        assertThat(Ids.parse("cons", session.get("consumerId").stringValue())).isPresent();
        assertThat(Ids.parse("sess", session.get("sessionId").stringValue())).isPresent();
        assertThat(Instant.parse(session.get("expiresAt").stringValue())).isAfter(Instant.now().plus(Duration.ofDays(29)));
        assertThat(bundle.get("refreshToken").stringValue()).startsWith("rt_").hasSizeGreaterThan(40);
        assertThat(bundle.get("refreshTokenTtlSeconds").longValue()).isEqualTo(Duration.ofDays(30).toSeconds());

        SignedJWT jwt = SignedJWT.parse(bundle.get("accessToken").stringValue());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        ECKey key = (ECKey) jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("dropline-consumer");
        assertThat(claims.getAudience()).containsExactly("dropline");
        assertThat(claims.getSubject()).isEqualTo(session.get("consumerId").stringValue());
        assertThat(claims.getStringClaim("consumerId")).isEqualTo(session.get("consumerId").stringValue());
        assertThat(claims.getStringClaim("organizationId")).isEqualTo(Ids.format("org", org));
        assertThat(claims.getStringClaim("environment")).isEqualTo("live");
        assertThat(claims.getStringClaim("sessionId")).isEqualTo(session.get("sessionId").stringValue());
        assertThat(claims.getStringClaim("sessionType")).isEqualTo("guest");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(1));
        assertThat(Instant.parse(bundle.get("accessTokenExpiresAt").stringValue())).isEqualTo(claims.getExpirationTime().toInstant());
    }

    @Test
    void whenJwksAskedWithoutAnInternalContextThenRefused() {
        http.get().uri("/internal/jwks").exchange().expectStatus().isUnauthorized();
        http.get().uri("/internal/jwks").header(InternalContext.HEADER, TestContexts.admin(org)).exchange().expectStatus().isNotFound();
        http.get().uri("/internal/jwks").header(InternalContext.HEADER, consumerKey(org, Environment.LIVE)).exchange().expectStatus().isNotFound();
    }

    @Test
    void whenExternalIdentityAuthorizedAndExchangedThenAuthenticatedSessionForTheSameConsumerEveryTime() {
        JsonNode code = authorize(org, Environment.LIVE, Map.of("provider", "oidc", "issuer", "https://id.shop.example",
                "subject", "user-42", "claims", Map.of("email", "ada@example.com", "name", "Ada")));
        assertThat(code.get("exchangeCode").stringValue()).startsWith("exc_").hasSizeGreaterThan(40);
        assertThat(Instant.parse(code.get("expiresAt").stringValue())).isBefore(Instant.now().plusSeconds(3));

        JsonNode bundle = exchange(org, Environment.LIVE, code.get("exchangeCode").stringValue());
        JsonNode session = bundle.get("session");
        assertThat(session.get("type").stringValue()).isEqualTo("authenticated");
        assertThat(session.get("email").stringValue()).isEqualTo("ada@example.com");

        http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, consumerContext(org, Environment.LIVE, bundle))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(session.get("consumerId").stringValue())
                .jsonPath("$.email").isEqualTo("ada@example.com")
                .jsonPath("$.fullName").isEqualTo("Ada")
                .jsonPath("$.createdAt").isNotEmpty();

        // The same identity again: the same consumer; claims only fill fields that are empty.
        JsonNode again = exchange(org, Environment.LIVE, authorize(org, Environment.LIVE, Map.of("provider", "oidc",
                "issuer", "https://id.shop.example", "subject", "user-42", "claims", Map.of("name", "Someone Else")))
                .get("exchangeCode").stringValue());
        assertThat(again.get("session").get("consumerId").stringValue()).isEqualTo(session.get("consumerId").stringValue());
        assertThat(again.get("session").get("sessionId").stringValue()).isNotEqualTo(session.get("sessionId").stringValue());
        http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, consumerContext(org, Environment.LIVE, again))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.fullName").isEqualTo("Ada");
    }

    @Test
    void whenExchangeCodeUsedTwiceOrUnknownThenInvalidExchangeCode() {
        String code = authorize(org, Environment.LIVE, identity("twice")).get("exchangeCode").stringValue();
        exchange(org, Environment.LIVE, code);
        for (String bad : List.of(code, "exc_unknown", "not-even-a-code")) {
            http.post().uri("/api/v1/auth/external/exchange").header(InternalContext.HEADER, consumerKey(org, Environment.LIVE))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("exchangeCode", bad)).exchange()
                    .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Invalid exchange code");
        }
    }

    @Test
    void whenExchangeCodeExpiredThenInvalidExchangeCode() {
        JsonNode code = authorize(org, Environment.LIVE, identity("late"));
        Instant expiresAt = Instant.parse(code.get("expiresAt").stringValue());
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiresAt.plusMillis(50)));
        http.post().uri("/api/v1/auth/external/exchange").header(InternalContext.HEADER, consumerKey(org, Environment.LIVE))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("exchangeCode", code.get("exchangeCode").stringValue()))
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Invalid exchange code");
    }

    @Test
    void whenExchangeCodeUsedByAnotherTenantOrEnvironmentThenInvalidAndStillUsableByItsOwn() {
        String code = authorize(org, Environment.LIVE, identity("foreign")).get("exchangeCode").stringValue();
        for (String foreign : List.of(consumerKey(UUID.randomUUID(), Environment.LIVE), consumerKey(org, Environment.TEST))) {
            http.post().uri("/api/v1/auth/external/exchange").header(InternalContext.HEADER, foreign)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("exchangeCode", code)).exchange()
                    .expectStatus().isUnauthorized();
        }
        exchange(org, Environment.LIVE, code);
    }

    @Test
    void whenRefreshedThenTokensRotateAndTheOldRefreshTokenIsSpent() {
        JsonNode first = guest(org, Environment.LIVE);
        JsonNode second = refresh(org, Environment.LIVE, first.get("refreshToken").stringValue())
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(second.get("refreshToken").stringValue()).isNotEqualTo(first.get("refreshToken").stringValue());
        assertThat(second.get("session").get("sessionId").stringValue()).isEqualTo(first.get("session").get("sessionId").stringValue());
        assertThat(second.get("session").get("type").stringValue()).isEqualTo("guest");
        assertThat(second.get("accessToken").stringValue()).isNotBlank();
        JsonNode third = refresh(org, Environment.LIVE, second.get("refreshToken").stringValue())
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(third.get("refreshToken").stringValue()).isNotEqualTo(second.get("refreshToken").stringValue());
    }

    @Test
    void whenARotatedRefreshTokenIsPresentedAgainThenTheWholeSessionIsRevoked() {
        JsonNode first = guest(org, Environment.LIVE);
        JsonNode second = refresh(org, Environment.LIVE, first.get("refreshToken").stringValue())
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        refresh(org, Environment.LIVE, first.get("refreshToken").stringValue())
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid refresh token");
        // The legitimate holder's newer token dies with the session.
        refresh(org, Environment.LIVE, second.get("refreshToken").stringValue())
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("invalid refresh token");

        String sessionId = first.get("session").get("sessionId").stringValue();
        assertSessionRevoked(sessionId);
    }

    @Test
    void whenRefreshTokenUnknownOrOfAnotherTenantThenInvalidAndNothingChanges() {
        JsonNode bundle = guest(org, Environment.LIVE);
        String token = bundle.get("refreshToken").stringValue();
        refresh(org, Environment.LIVE, "rt_" + "A".repeat(43)).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("invalid refresh token");
        refresh(UUID.randomUUID(), Environment.LIVE, token).expectStatus().isUnauthorized();
        refresh(org, Environment.TEST, token).expectStatus().isUnauthorized();
        // Foreign attempts neither spent the token nor revoked the session.
        refresh(org, Environment.LIVE, token).expectStatus().isOk();
    }

    @Test
    void whenLoggedOutThenSessionAndRefreshTokensAreRevokedAndTheGatewayIsTold() {
        JsonNode bundle = guest(org, Environment.LIVE);
        String sessionId = bundle.get("session").get("sessionId").stringValue();
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, consumerContext(org, Environment.LIVE, bundle))
                .header("Authorization", "Bearer " + bundle.get("accessToken").stringValue())
                .exchange().expectStatus().isNoContent().expectBody().isEmpty();

        assertSessionRevoked(sessionId);
        StepVerifier.create(redis.getExpire(namespace + ":sess:revoked:" + sessionId))
                .assertNext(ttl -> assertThat(ttl).isGreaterThan(Duration.ofHours(1)).isLessThanOrEqualTo(Duration.ofMinutes(61)))
                .verifyComplete();
        refresh(org, Environment.LIVE, bundle.get("refreshToken").stringValue()).expectStatus().isUnauthorized();
    }

    @Test
    void whenLogoutWithoutAMatchingAccessTokenThenUnauthorizedAndSessionUntouched() {
        JsonNode bundle = guest(org, Environment.LIVE);
        JsonNode other = guest(org, Environment.LIVE);
        String context = consumerContext(org, Environment.LIVE, bundle);
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, context).exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, context)
                .header("Authorization", "Bearer " + other.get("accessToken").stringValue()).exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, context)
                .header("Authorization", "Bearer not.a.jwt").exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, consumerKey(org, Environment.LIVE))
                .header("Authorization", "Bearer " + bundle.get("accessToken").stringValue()).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Consumer access token required");
        // Same consumer and token, but another tenant's context.
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, consumerContext(UUID.randomUUID(), Environment.LIVE, bundle))
                .header("Authorization", "Bearer " + bundle.get("accessToken").stringValue()).exchange().expectStatus().isUnauthorized();
        refresh(org, Environment.LIVE, bundle.get("refreshToken").stringValue()).expectStatus().isOk();
    }

    @Test
    void whenMeWithoutAConsumerPrincipalThenUnauthorizedAndOtherTenantsSeeNothing() {
        JsonNode bundle = guest(org, Environment.LIVE);
        http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, consumerContext(org, Environment.LIVE, bundle))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(bundle.get("session").get("consumerId").stringValue())
                .jsonPath("$.email").doesNotExist();
        http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, consumerKey(org, Environment.LIVE)).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, TestContexts.admin(org)).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, consumerContext(UUID.randomUUID(), Environment.LIVE, bundle))
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, consumerContext(org, Environment.TEST, bundle))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void whenTheWrongKeyCallsARouteThenUnauthorized() {
        String admin = TestContexts.admin(org);
        http.post().uri("/api/v1/auth/guest").header(InternalContext.HEADER, admin).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Publishable key required");
        http.post().uri("/api/v1/auth/external/exchange").header(InternalContext.HEADER, admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("exchangeCode", "exc_x")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Publishable key required");
        http.post().uri("/api/v1/auth/refresh").header(InternalContext.HEADER, admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refreshToken", "rt_x")).exchange()
                .expectStatus().isUnauthorized();
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, admin).exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/v1/auth/external/authorize").header(InternalContext.HEADER, consumerKey(org, Environment.LIVE))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(identity("sneaky")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Secret key required");
        StepVerifier.create(db.sql("SELECT count(*) FROM external_identities WHERE organization_id = :org").bind("org", org)
                        .map(row -> row.get(0, Long.class)).one())
                .expectNext(0L).verifyComplete();
    }

    @Test
    void whenBodiesAreInvalidThen400WithDetails() {
        String consumer = consumerKey(org, Environment.LIVE);
        String admin = TestContexts.admin(org);
        for (String body : List.of("{}", "{\"refreshToken\": 42}", "{\"refreshToken\": \"\"}", "{\"refreshToken\": \"rt\", \"x\": 1}",
                "[]", "{\"refreshToken\": \"" + "a".repeat(600) + "\"}", "{not json")) {
            http.post().uri("/api/v1/auth/refresh").header(InternalContext.HEADER, consumer)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isBadRequest();
        }
        http.post().uri("/api/v1/auth/external/exchange").header(InternalContext.HEADER, consumer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"exchangeCode\": true}").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("exchangeCode");
        http.post().uri("/api/v1/auth/external/authorize").header(InternalContext.HEADER, admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("provider", "oidc", "issuer", " ",
                        "claims", Map.of("email", "not-an-email", "role", "admin"))).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("Validation failed")
                .jsonPath("$.details[?(@.field == 'issuer')]").exists()
                .jsonPath("$.details[?(@.field == 'subject')]").exists()
                .jsonPath("$.details[?(@.field == 'claims.email')]").exists()
                .jsonPath("$.details[?(@.field == 'claims.role')]").exists();
        http.post().uri("/api/v1/auth/refresh").header(InternalContext.HEADER, consumer)
                .contentType(MediaType.TEXT_PLAIN).bodyValue("rt_x").exchange().expectStatus().is4xxClientError();
        StepVerifier.create(db.sql("SELECT count(*) FROM consumers WHERE organization_id = :org").bind("org", org)
                        .map(row -> row.get(0, Long.class)).one())
                .expectNext(0L).verifyComplete();
    }

    private void assertSessionRevoked(String sessionId) {
        UUID id = Ids.parse("sess", sessionId).orElseThrow();
        StepVerifier.create(db.sql("SELECT s.revoked_at IS NOT NULL AS session_revoked, "
                        + "(SELECT count(*) FROM refresh_tokens t WHERE t.session_id = s.id AND t.revoked_at IS NULL) AS live_tokens "
                        + "FROM consumer_sessions s WHERE s.id = :id").bind("id", id)
                        .map(row -> List.of(row.get("session_revoked", Boolean.class), row.get("live_tokens", Long.class))).one())
                .expectNext(List.of(true, 0L)).verifyComplete();
        StepVerifier.create(redis.hasKey(namespace + ":sess:revoked:" + sessionId)).expectNext(true).verifyComplete();
    }

    private JWKSet jwks() throws Exception {
        String internal = CODEC.sign(CODEC.create(null, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("gateway"), "req-jwks"));
        String body = http.get().uri("/internal/jwks").header(InternalContext.HEADER, internal).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JWKSet.parse(body);
    }

    private JsonNode guest(UUID organization, Environment environment) {
        return http.post().uri("/api/v1/auth/guest").header(InternalContext.HEADER, consumerKey(organization, environment)).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode authorize(UUID organization, Environment environment, Map<String, ?> body) {
        return http.post().uri("/api/v1/auth/external/authorize").header(InternalContext.HEADER, TestContexts.admin(organization, environment))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode exchange(UUID organization, Environment environment, String code) {
        return http.post().uri("/api/v1/auth/external/exchange").header(InternalContext.HEADER, consumerKey(organization, environment))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("exchangeCode", code)).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec refresh(UUID organization, Environment environment, String token) {
        return http.post().uri("/api/v1/auth/refresh").header(InternalContext.HEADER, consumerKey(organization, environment))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refreshToken", token)).exchange();
    }

    private static Map<String, Object> identity(String subject) {
        return Map.of("provider", "oidc", "issuer", "https://id.shop.example", "subject", subject);
    }

    /** A publishable key without a consumer token. */
    private static String consumerKey(UUID organization, Environment environment) {
        return CODEC.sign(CODEC.create(organization, environment, ApiSurface.CONSUMER, Principal.apiKey("key_pk"), "req-test"));
    }

    /** What the gateway signs for a verified access token of this bundle. */
    private static String consumerContext(UUID organization, Environment environment, JsonNode bundle) {
        JsonNode session = bundle.get("session");
        String consumerId = session.get("consumerId").stringValue();
        Principal principal = "guest".equals(session.get("type").stringValue())
                ? Principal.guest(consumerId, "key_pk") : Principal.consumer(consumerId, "key_pk");
        return CODEC.sign(CODEC.create(organization, environment, ApiSurface.CONSUMER, principal, "req-test"));
    }
}
