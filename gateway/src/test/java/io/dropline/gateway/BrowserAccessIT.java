package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.session.RevocationKeys;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.web.DroplineWebProperties;
import io.dropline.gateway.Tenants.Tenant;
import io.dropline.gateway.config.RedisNamespaceProperties;
import io.dropline.gateway.config.StreamTokenProperties;
import io.dropline.gateway.streamtoken.StreamTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Browsers and the Consumer API, as a browser speaks to the gateway (curl-like requests with {@code Origin} and
 * preflights): CORS from the tenant's allowed origins (live and test lists, the settings API, the Spotlight config's
 * view of the same list), the Admin API refused, and stream tokens for EventSource. Consumer tokens are real ES256
 * tokens against a stand-in consumer-service's JWKS; routed requests land on the echo server, which shows what the
 * gateway forwarded.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserAccessIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ECKey SIGNING = ecKey("browser-kid");
    private static final String SHOP = "https://shop.example";
    private static final String STAGING = "http://staging.shop.example:8443";
    private static DisposableServer consumerService;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
        consumerService = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
            if (request.uri().equals("/internal/jwks")) {
                return response.header("Content-Type", "application/json")
                        .sendString(Mono.just(new JWKSet(SIGNING.toPublicJWK()).toString(true))).then();
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", request.method().name());
            echo.put("path", request.uri());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            request.requestHeaders().forEach(header -> headers
                    .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(header.getValue()));
            echo.put("headers", headers);
            return response.header("Content-Type", "application/json").sendString(Mono.just(JSON.writeValueAsString(echo))).then();
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
        tenant = Tenants.create(context, "browser-shop");
        neighbour = Tenants.create(context, "browser-neighbour");
        StepVerifier.create(redis.opsForValue().set(RevocationKeys.complete(namespace.namespace()), "test"))
                .expectNext(true).verifyComplete();
        putOrigins(tenant.liveSecret(), List.of(SHOP, "HTTP://Staging.Shop.Example:8443"))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.environment").isEqualTo("live")
                .jsonPath("$.origins[0]").isEqualTo(SHOP)
                .jsonPath("$.origins[1]").isEqualTo(STAGING);
        putOrigins(neighbour.liveSecret(), List.of("https://neighbour.example")).expectStatus().isOk().expectBody();
    }

    // ---- CORS: preflights ----

    @Test
    void preflightForTheConsumerApiIsAnsweredForItsHeadersWithoutAKey() {
        client.options().uri("/api/v1/auth/guest")
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-publishable-key")
                .exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP)
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, allowed -> assertThat(allowed)
                        .contains("X-Publishable-Key", "Authorization", "Content-Type"))
                .expectHeader().value(HttpHeaders.VARY, vary -> assertThat(vary).contains("Origin"))
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)
                .expectBody().isEmpty();
        // The unversioned alias and the enter call, with a consumer token announced too.
        client.options().uri("/api/queues/que_x/enter")
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,x-publishable-key,x-fingerprint")
                .exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP)
                .expectBody().isEmpty();
    }

    @Test
    void preflightForTheAdminApiOrASecretKeyGetsNoCorsHeaders() {
        // An Admin-API path.
        refusedPreflight("/api/v1/experiences", "POST", "authorization, content-type");
        // A Consumer-API path, but announcing Authorization without a publishable key: a secret key.
        refusedPreflight("/api/v1/consumers/me", "GET", "authorization");
        // The settings API, even when it pretends to carry a publishable key.
        refusedPreflight("/api/v1/settings/allowed-origins", "PUT", "x-publishable-key, content-type");
        // A method the Consumer API does not have on that path.
        refusedPreflight("/api/v1/auth/guest", "DELETE", "x-publishable-key");
    }

    private void refusedPreflight(String path, String method, String headers) {
        client.options().uri(path)
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, headers)
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS)
                .expectHeader().value(HttpHeaders.VARY, vary -> assertThat(vary).contains("Origin"))
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.error").value(error -> assertThat((String) error).contains("Admin API"))
                .jsonPath("$.requestId").exists();
    }

    // ---- CORS: real requests ----

    @Test
    void anAllowedOriginReadsTheAnswerWithTheExposedHeaders() {
        for (String origin : List.of(SHOP, STAGING)) {
            client.get().uri("/api/v1/experiences/exp_1")
                    .header(HttpHeaders.ORIGIN, origin)
                    .header("X-Publishable-Key", tenant.livePublishable())
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed -> assertThat(exposed)
                            .contains("X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"))
                    .expectHeader().value(HttpHeaders.VARY, vary -> assertThat(vary).contains("Origin"))
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)
                    .expectHeader().exists("X-RateLimit-Remaining")
                    .expectBody();
        }
    }

    @Test
    void anUnknownOriginIsRefusedWithoutCorsHeaders() {
        for (String origin : List.of("https://evil.example", "https://neighbour.example", "https://shop.example:444", "null")) {
            client.get().uri("/api/v1/experiences/exp_1")
                    .header(HttpHeaders.ORIGIN, origin)
                    .header("X-Publishable-Key", tenant.livePublishable())
                    .exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                    .expectHeader().value(HttpHeaders.VARY, vary -> assertThat(vary).contains("Origin"))
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("FORBIDDEN")
                    .jsonPath("$.error").value(error -> assertThat((String) error).startsWith("Origin not allowed"));
        }
    }

    @Test
    void withoutAnOriginNothingChangesButTheAnswerStillVariesByOrigin() {
        client.get().uri("/api/v1/experiences/exp_1")
                .header("X-Publishable-Key", tenant.livePublishable())
                .exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader().value(HttpHeaders.VARY, vary -> assertThat(vary).contains("Origin"))
                .expectBody();
    }

    @Test
    void aPageOfTheGatewaysOwnHostIsSameOriginAndNeedsNoListEntry() {
        client.get().uri("/api/v1/experiences/exp_1")
                .header(HttpHeaders.HOST, "waiting.dropline.example")
                .header(HttpHeaders.ORIGIN, "https://waiting.dropline.example")
                .header("X-Publishable-Key", tenant.livePublishable())
                .exchange()
                .expectStatus().isOk()
                .expectBody();
    }

    @Test
    void aSecretKeyFromABrowserIsRefusedInTheApisErrorFormat() {
        client.get().uri("/api/v1/settings/allowed-origins")
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.liveSecret())
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader().value(HttpHeaders.VARY, vary -> assertThat(vary).contains("Origin"))
                .expectBody()
                .jsonPath("$.code").isEqualTo("FORBIDDEN")
                .jsonPath("$.error").value(error -> assertThat((String) error).contains("Secret keys must never be used from a browser"))
                .jsonPath("$.requestId").exists();
        // A secret key on a Consumer-API path from a browser: refused as well.
        client.get().uri("/api/v1/experiences/exp_1")
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.liveSecret())
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        // The same key from a server (no Origin) works.
        client.get().uri("/api/v1/settings/allowed-origins")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.liveSecret())
                .exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectBody().jsonPath("$.origins.length()").isEqualTo(2);
    }

    @Test
    void liveAndTestKeepTheirOwnLists() {
        Tenant shop = Tenants.create(context, "browser-envs");
        putOrigins(shop.liveSecret(), List.of("https://live.example")).expectStatus().isOk().expectBody();
        allowed(shop.livePublishable(), "https://live.example");
        refused(shop.testPublishable(), "https://live.example");

        putOrigins(shop.testSecret(), List.of("http://localhost:3000")).expectStatus().isOk()
                .expectBody().jsonPath("$.environment").isEqualTo("test");
        allowed(shop.testPublishable(), "http://localhost:3000");
        refused(shop.livePublishable(), "http://localhost:3000");
        refused(shop.testPublishable(), "https://live.example");

        client.get().uri("/api/v1/settings/allowed-origins").header(HttpHeaders.AUTHORIZATION, "Bearer " + shop.testSecret())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.origins[0]").isEqualTo("http://localhost:3000")
                .jsonPath("$.origins.length()").isEqualTo(1);
    }

    @Test
    void aFreshTenantAllowsNoCrossOriginPageUntilItListsOne() {
        Tenant fresh = Tenants.create(context, "browser-fresh");
        refused(fresh.livePublishable(), SHOP);
        client.get().uri("/api/v1/settings/allowed-origins").header(HttpHeaders.AUTHORIZATION, "Bearer " + fresh.liveSecret())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.origins.length()").isEqualTo(0).jsonPath("$.updatedAt").doesNotExist();
    }

    @Test
    void theSpotlightConfigsAllowedOriginsAreAViewOfTheSameList() {
        Tenant shop = Tenants.create(context, "browser-one-list");
        // Written through the Spotlight config (bootstrap path): the Consumer API honours it, the settings API shows it.
        client.put().uri("/api/v1/settings/spotlight").header(HttpHeaders.AUTHORIZATION, "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("allowed_origins", List.of("https://Spot.Example")))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.allowed_origins[0]").isEqualTo("https://spot.example");
        allowed(shop.livePublishable(), "https://spot.example");
        client.get().uri("/api/v1/settings/allowed-origins").header(HttpHeaders.AUTHORIZATION, "Bearer " + shop.liveSecret())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.origins[0]").isEqualTo("https://spot.example");

        // Written through the settings API: the Spotlight config shows it and the SDK surface enforces it.
        putOrigins(shop.liveSecret(), List.of("https://settings.example")).expectStatus().isOk().expectBody();
        client.get().uri("/api/v1/settings/spotlight").header(HttpHeaders.AUTHORIZATION, "Bearer " + shop.liveSecret())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.allowed_origins.length()").isEqualTo(1)
                .jsonPath("$.allowed_origins[0]").isEqualTo("https://settings.example");
        refused(shop.livePublishable(), "https://spot.example");
        client.get().uri("/v1/sdk/eligible").header("X-API-Key", shop.livePublishable())
                .header(HttpHeaders.ORIGIN, "https://spot.example")
                .exchange().expectStatus().isForbidden().expectBody();

        // A config PUT without allowed_origins keeps the list.
        client.put().uri("/api/v1/settings/spotlight").header(HttpHeaders.AUTHORIZATION, "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("feature_flags", Map.of("beta", true)))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.allowed_origins[0]").isEqualTo("https://settings.example");
        allowed(shop.livePublishable(), "https://settings.example");
    }

    @Test
    void theSettingsApiValidatesAndOnlyASecretKeyMayUseIt() {
        putOrigins(tenant.liveSecret(), java.util.Arrays.asList("https://ok.example", "https://*.example", "ftp://x.example",
                "https://x.example/path", null))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.details[?(@.field == 'origins[1]')]").exists()
                .jsonPath("$.details[?(@.field == 'origins[2]')]").exists()
                .jsonPath("$.details[?(@.field == 'origins[3]')]").exists()
                .jsonPath("$.details[?(@.field == 'origins[4]')]").exists()
                .jsonPath("$.details[?(@.field == 'origins[0]')]").doesNotExist();
        client.put().uri("/api/v1/settings/allowed-origins").header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("list", List.of()))
                .exchange().expectStatus().isBadRequest().expectBody();
        // Nothing changed.
        allowed(tenant.livePublishable(), SHOP);
        client.get().uri("/api/v1/settings/allowed-origins").header("X-Publishable-Key", tenant.livePublishable())
                .exchange().expectStatus().isUnauthorized().expectBody();
    }

    // ---- Stream tokens ----

    @Test
    void aStreamTokenOpensItsStreamAsItsConsumerAndIsStrippedBeforeTheService() {
        String consumerId = Ids.newId("cons");
        String token = consumerToken(tenant, "live", consumerId, Ids.newId("sess"), "guest");
        Map<String, Object> minted = mint(tenant.livePublishable(), token, "/api/queues/que_abc/status", SHOP);
        String url = (String) minted.get("url");
        String streamToken = (String) minted.get("token");
        assertThat(url).endsWith("/api/v1/queues/que_abc/status?streamToken=" + streamToken).startsWith("http://");
        Instant expiresAt = Instant.parse((String) minted.get("expiresAt"));
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(6)));

        byte[] body = client.get().uri("/api/v1/queues/que_abc/status?since=5&streamToken=" + streamToken)
                .header(HttpHeaders.ORIGIN, SHOP)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP)
                .expectBody().returnResult().getResponseBody();
        String forwardedPath = GatewayItSupport.echoedPath(body);
        assertThat(forwardedPath).isEqualTo("/api/v1/queues/que_abc/status?since=5").doesNotContain(streamToken);
        // Streams travel multiplexed, over HTTP/2 (docs/adr/0027).
        assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).contains("\"protocol\":\"HTTP/2.0\"");
        Map<String, List<String>> headers = GatewayItSupport.echoedHeaders(body);
        assertThat(headers.toString()).doesNotContain(streamToken);
        InternalContext routed = GatewayItSupport.context(headers);
        assertThat(routed.surface()).isEqualTo(ApiSurface.CONSUMER);
        assertThat(routed.organizationId()).isEqualTo(tenant.id());
        assertThat(routed.principal().type()).isEqualTo("guest");
        assertThat(routed.principal().id()).isEqualTo(consumerId);
        assertThat(routed.principal().keyId()).startsWith("key_");
        assertThat(headers).doesNotContainKeys("authorization", "x-publishable-key");

        // Every distribution type with a status stream, the token's own path only.
        for (String path : List.of("/api/v1/draws/drw_1/status", "/api/v1/timed-releases/tr_1/status",
                "/api/v1/waitlists/wl_1/status", "/api/v1/auctions/auc_1/status")) {
            String other = (String) mint(tenant.livePublishable(), token, path, null).get("token");
            byte[] streamed = client.get().uri(path + "?streamToken=" + other).accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
            assertThat(GatewayItSupport.echoedPath(streamed)).isEqualTo(path);
        }
    }

    @Test
    void aStreamTokenOpensNothingElse() {
        String token = consumerToken(tenant, "live", Ids.newId("cons"), Ids.newId("sess"), "authenticated");
        String streamToken = (String) mint(tenant.livePublishable(), token, "/api/v1/queues/que_abc/status", null).get("token");
        // Another distribution's stream, another type, another path.
        invalidStream(client.get().uri("/api/v1/queues/que_other/status?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM));
        invalidStream(client.get().uri("/api/v1/draws/que_abc/status?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM));
        invalidStream(client.get().uri("/api/v1/consumers/me?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM));
        invalidStream(client.get().uri("/api/v1/queues/que_abc?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM));
        // The right path, but not a GET of the event stream.
        invalidStream(client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken).accept(MediaType.APPLICATION_JSON));
        invalidStream(client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken));
        invalidStream(client.post().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM));
        invalidStream(client.delete().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM));
        // Twice in the query, tampered, or made up.
        invalidStream(client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken + "&streamToken=x")
                .accept(MediaType.TEXT_EVENT_STREAM));
        String tampered = streamToken.substring(0, 10) + (streamToken.charAt(10) == 'A' ? 'B' : 'A') + streamToken.substring(11);
        invalidStream(client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + tampered).accept(MediaType.TEXT_EVENT_STREAM));
        invalidStream(client.get().uri("/api/v1/queues/que_abc/status?streamToken=not.a-token").accept(MediaType.TEXT_EVENT_STREAM));
        // Still good for its own stream.
        client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().expectBody();
    }

    @Test
    void anExpiredStreamTokenIsRefused() {
        String token = consumerToken(tenant, "live", Ids.newId("cons"), Ids.newId("sess"), "guest");
        String valid = (String) mint(tenant.livePublishable(), token, "/api/v1/queues/que_abc/status", null).get("token");
        StreamTokens.Grant grant = context.getBean(StreamTokens.class).verify(valid).orElseThrow();
        // The same gateway secret, a clock ten minutes behind: the token it mints expired five minutes ago.
        StreamTokens past = new StreamTokens(context.getBean(StreamTokenProperties.class),
                context.getBean(DroplineWebProperties.class), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
        String expired = past.mint(past.grant(grant.organizationId(), grant.environment(), grant.keyId(), grant.consumerId(),
                grant.sessionId(), grant.guest(), grant.path()));
        invalidStream(client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + expired).accept(MediaType.TEXT_EVENT_STREAM));
    }

    @Test
    void aLoggedOutSessionsStreamTokenStopsWorking() {
        String sessionId = Ids.newId("sess");
        String token = consumerToken(tenant, "live", Ids.newId("cons"), sessionId, "guest");
        String streamToken = (String) mint(tenant.livePublishable(), token, "/api/v1/queues/que_abc/status", null).get("token");
        client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().expectBody();
        // What consumer-service writes on logout.
        StepVerifier.create(redis.opsForValue().set(RevocationKeys.revoked(namespace.namespace(), sessionId), "1", Duration.ofMinutes(5)))
                .expectNext(true).verifyComplete();
        client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid access token");
    }

    @Test
    void aStreamTokenIsBoundToItsOrganizationAndEnvironment() {
        String token = consumerToken(tenant, "live", Ids.newId("cons"), Ids.newId("sess"), "guest");
        String streamToken = (String) mint(tenant.livePublishable(), token, "/api/v1/queues/que_abc/status", null).get("token");
        // Presented with another organization's key, or the tenant's own test key: refused.
        for (String key : List.of(neighbour.livePublishable(), tenant.testPublishable())) {
            invalidStream(client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken)
                    .header("X-Publishable-Key", key).accept(MediaType.TEXT_EVENT_STREAM));
        }
        // From a page of another organization's origin: the token's tenant list decides, and refuses it.
        client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken)
                .header(HttpHeaders.ORIGIN, "https://neighbour.example").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN).expectBody();
        // The routed context names the token's tenant, never another.
        byte[] body = client.get().uri("/api/v1/queues/que_abc/status?streamToken=" + streamToken)
                .header("X-Publishable-Key", tenant.livePublishable()).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(GatewayItSupport.context(GatewayItSupport.echoedHeaders(body)).organizationId()).isEqualTo(tenant.id());
    }

    @Test
    void onlyAConsumerSessionMintsStreamTokensAndOnlyForStatusStreams() {
        client.post().uri("/api/v1/stream-tokens").header("X-Publishable-Key", tenant.livePublishable())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("path", "/api/v1/queues/que_abc/status"))
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Consumer access token required");
        client.post().uri("/api/v1/stream-tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("path", "/api/v1/queues/que_abc/status"))
                .exchange().expectStatus().isUnauthorized().expectBody();
        String token = consumerToken(tenant, "live", Ids.newId("cons"), Ids.newId("sess"), "guest");
        for (String path : List.of("/api/v1/consumers/me", "/api/v1/queues/que_abc/enter", "/api/v1/queues/../status",
                "/api/v1/appointments/apt_1/status")) {
            client.post().uri("/api/v1/stream-tokens").header("X-Publishable-Key", tenant.livePublishable())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("path", path))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.details[0].field").isEqualTo("path");
        }
    }

    @Test
    void anEventSourcePreflightIsAnsweredAndTheMintingCallIsAConsumerCall() {
        client.options().uri("/api/v1/queues/que_abc/status")
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "last-event-id")
                .exchange().expectStatus().isNoContent()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP).expectBody().isEmpty();
        client.options().uri("/api/v1/stream-tokens")
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type, x-publishable-key")
                .exchange().expectStatus().isNoContent()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP).expectBody().isEmpty();
    }

    @Test
    void anExpiredConsumerTokenIsStillReadableByAnAllowedPage() {
        client.get().uri("/api/v1/consumers/me")
                .header(HttpHeaders.ORIGIN, SHOP)
                .header("X-Publishable-Key", tenant.livePublishable())
                .header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP)
                .expectBody().jsonPath("$.error").isEqualTo("Invalid access token");
    }

    // ---- helpers ----

    private WebTestClient.ResponseSpec putOrigins(String secretKey, List<String> origins) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("origins", origins);
        return client.put().uri("/api/v1/settings/allowed-origins").header(HttpHeaders.AUTHORIZATION, "Bearer " + secretKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private void allowed(String publishableKey, String origin) {
        client.get().uri("/api/v1/experiences/exp_1").header(HttpHeaders.ORIGIN, origin).header("X-Publishable-Key", publishableKey)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).expectBody();
    }

    private void refused(String publishableKey, String origin) {
        client.get().uri("/api/v1/experiences/exp_1").header(HttpHeaders.ORIGIN, origin).header("X-Publishable-Key", publishableKey)
                .exchange().expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN).expectBody();
    }

    private static void invalidStream(WebTestClient.RequestHeadersSpec<?> request) {
        request.exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Invalid stream token");
    }

    private Map<String, Object> mint(String publishableKey, String consumerToken, String path, String origin) {
        WebTestClient.RequestBodySpec request = client.post().uri("/api/v1/stream-tokens")
                .header("X-Publishable-Key", publishableKey)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + consumerToken);
        if (origin != null) {
            request = request.header(HttpHeaders.ORIGIN, origin);
        }
        EntityExchangeResult<byte[]> result = request.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("path", path))
                .exchange().expectStatus().isCreated().expectBody().returnResult();
        if (origin != null) {
            assertThat(result.getResponseHeaders().getAccessControlAllowOrigin()).isEqualTo(origin);
        }
        return JSON.readValue(result.getResponseBody(), new TypeReference<Map<String, Object>>() {
        });
    }

    private static String consumerToken(Tenant tenant, String environment, String consumerId, String sessionId, String type) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("dropline-consumer").audience("dropline").subject(consumerId)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("consumerId", consumerId)
                .claim("organizationId", Ids.format("org", tenant.id()))
                .claim("environment", environment)
                .claim("sessionId", sessionId)
                .claim("sessionType", type)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(SIGNING.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(SIGNING));
            return jwt.serialize();
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

}
