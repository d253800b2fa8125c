package io.dropline.gateway;

import static io.dropline.gateway.AdminTokens.JSON;
import static io.dropline.gateway.AdminTokens.addAdmin;
import static io.dropline.gateway.AdminTokens.configure;
import static io.dropline.gateway.AdminTokens.inlineJwks;
import static io.dropline.gateway.AdminTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;

/**
 * The gateway's own Spotlight tenancy routes: admin users and config through the real gateway (admin JWTs signed
 * here), their validation errors, the audit outbox row of every write (read straight from the gateway's database),
 * and isolation between tenants and between live and test.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpotlightTenancyIT {

    private static final RSAKey KEY = AdminTokens.rsa("k1");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    Tenant tenant;
    Tenant other;

    @BeforeAll
    void setUp() {
        tenant = Tenants.create(context, "spot-tenancy");
        other = Tenants.create(context, "spot-tenancy-b");
        for (Tenant t : List.of(tenant, other)) {
            for (String secret : List.of(t.liveSecret(), t.testSecret())) {
                configure(client, secret, Map.of("jwks", inlineJwks(KEY), "admin_strategy", Map.of("type", "all_authenticated")));
            }
        }
    }

    private WebTestClient.RequestBodySpec as(HttpMethod method, String secret, String uri, Object... vars) {
        return client.method(method).uri(uri, vars).header("X-API-Key", secret)
                .header("Authorization", "Bearer " + token(KEY, "auth0|me"));
    }

    /** {@code uri} goes out exactly as written (already percent-encoded where needed). */
    private WebTestClient.ResponseSpec send(HttpMethod method, String secret, String uri, String body) {
        WebTestClient.RequestBodySpec spec = client.method(method).uri(java.net.URI.create("http://127.0.0.1:" + port + uri)).header("X-API-Key", secret)
                .header("Authorization", "Bearer " + token(KEY, "auth0|me"));
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private void expectError(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status).expectBody()
                .jsonPath("$.error.code").isEqualTo(code)
                .jsonPath("$.error.request_id").isNotEmpty();
    }

    /** The outbox rows of one tenant (oldest first): action, entity type and id, before, after, actor. */
    private List<Map<String, Object>> outbox(Tenant owner) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        StepVerifier.create(context.getBean(DatabaseClient.class)
                        .sql("SELECT type, environment, aggregate_type, aggregate_id, payload::text AS payload, actor, request_id "
                                + "FROM outbox WHERE organization_id = $1 ORDER BY occurred_at, id")
                        .bind(0, owner.id()).fetch().all().collectList())
                .consumeNextWith(rows::addAll).verifyComplete();
        return rows.stream().map(row -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(row);
            copy.put("payload", JSON.readValue((String) row.get("payload"), new TypeReference<Map<String, Object>>() {
            }));
            return (Map<String, Object>) copy;
        }).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> row) {
        return (Map<String, Object>) row.get("payload");
    }

    @Test
    void whenAdminUsersCrudThenEachWriteHasItsAuditRow() {
        Tenant own = Tenants.create(context, "spot-users");
        configure(client, own.liveSecret(), Map.of("jwks", inlineJwks(KEY), "admin_strategy", Map.of("type", "all_authenticated")));
        int auditBefore = outbox(own).size();

        send(HttpMethod.POST, own.liveSecret(), "/v1/admin/users",
                "{\"user_id\":\"auth0|user_789\",\"email\":\"admin@example.com\",\"role\":\"editor\",\"name\":\"Jane Doe\"}")
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.data.user_id").isEqualTo("auth0|user_789")
                .jsonPath("$.data.role").isEqualTo("editor")
                .jsonPath("$.data.status").isEqualTo("active")
                .jsonPath("$.data.created_at").isNotEmpty();
        send(HttpMethod.POST, own.liveSecret(), "/v1/admin/users", "{\"user_id\":\"u2\",\"email\":\"u2@example.com\"}")
                .expectStatus().isCreated().expectBody().jsonPath("$.data.role").isEqualTo("admin");
        expectError(send(HttpMethod.POST, own.liveSecret(), "/v1/admin/users", "{\"user_id\":\"u2\",\"email\":\"other@example.com\"}"),
                409, "CONFLICT");
        expectError(send(HttpMethod.POST, own.liveSecret(), "/v1/admin/users", "{\"user_id\":\"u3\",\"email\":\"U2@example.com\"}"),
                409, "CONFLICT");

        send(HttpMethod.GET, own.liveSecret(), "/v1/admin/users?limit=1&offset=1", null)
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.total").isEqualTo(2)
                .jsonPath("$.data.limit").isEqualTo(1)
                .jsonPath("$.data.offset").isEqualTo(1)
                .jsonPath("$.data.items.length()").isEqualTo(1)
                .jsonPath("$.data.items[0].user_id").isEqualTo("u2");
        as(HttpMethod.GET, own.liveSecret(), "/v1/admin/users/{id}", "auth0|user_789").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.data.email").isEqualTo("admin@example.com");

        as(HttpMethod.PUT, own.liveSecret(), "/v1/admin/users/{id}", "auth0|user_789").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"role\":\"viewer\",\"status\":\"disabled\"}").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.role").isEqualTo("viewer")
                .jsonPath("$.data.status").isEqualTo("disabled")
                .jsonPath("$.data.name").isEqualTo("Jane Doe")
                .jsonPath("$.data.email").isEqualTo("admin@example.com");
        as(HttpMethod.DELETE, own.liveSecret(), "/v1/admin/users/{id}", "auth0|user_789").exchange().expectStatus().isNoContent();
        expectError(as(HttpMethod.GET, own.liveSecret(), "/v1/admin/users/{id}", "auth0|user_789").exchange(), 404, "NOT_FOUND");
        expectError(as(HttpMethod.DELETE, own.liveSecret(), "/v1/admin/users/{id}", "auth0|user_789").exchange(), 404, "NOT_FOUND");

        List<Map<String, Object>> audit = outbox(own).subList(auditBefore, outbox(own).size());
        assertThat(audit).extracting(row -> payload(row).get("action"))
                .containsExactly("AdminUserAddedByAdmin", "AdminUserAddedByAdmin", "AdminUserUpdatedByAdmin", "AdminUserRemovedByAdmin");
        assertThat(audit).allSatisfy(row -> {
            assertThat(row.get("type")).isEqualTo(EventTypes.ADMIN_ACTIVITY);
            assertThat(row.get("aggregate_type")).isEqualTo("admin_user");
            assertThat(row.get("actor")).isEqualTo("auth0|me");
            assertThat(row.get("request_id")).isNotNull();
            assertThat(row.get("environment")).isEqualTo("live");
        });
        Map<String, Object> added = payload(audit.get(0));
        assertThat(added.get("before")).isNull();
        assertThat(added).extractingByKey("after").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("user_id", "auth0|user_789");
        Map<String, Object> updated = payload(audit.get(2));
        assertThat(updated.get("entity_id")).isEqualTo("auth0|user_789");
        assertThat(updated).extractingByKey("before").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("role", "editor").containsEntry("status", "active");
        assertThat(updated).extractingByKey("after").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("role", "viewer").containsEntry("status", "disabled");
        Map<String, Object> removed = payload(audit.get(3));
        assertThat(removed.get("after")).isNull();
        assertThat(removed.get("before")).isNotNull();
    }

    @Test
    void whenAdminUserInputIsBadThen400AndNothingChanges() {
        int auditBefore = outbox(tenant).size();
        for (String body : List.of("{\"email\":\"a@example.com\"}", "{\"user_id\":\"\",\"email\":\"a@example.com\"}",
                "{\"user_id\":\"" + "x".repeat(256) + "\",\"email\":\"a@example.com\"}",
                "{\"user_id\":\"v1\",\"email\":\"not-an-email\"}", "{\"user_id\":\"v1\"}",
                "{\"user_id\":\"v1\",\"email\":\"a@example.com\",\"role\":\"god\"}",
                "{\"user_id\":\"v1\",\"email\":\"a@example.com\",\"unknown\":1}",
                "{\"user_id\":42,\"email\":\"a@example.com\"}", "{not json", "[]")) {
            expectError(send(HttpMethod.POST, tenant.liveSecret(), "/v1/admin/users", body), 400, "VALIDATION_ERROR");
        }
        addAdmin(client, tenant.liveSecret(), "valid-1", "valid-1@example.com");
        for (String body : List.of("{\"status\":\"gone\"}", "{\"role\":\"root\"}", "{\"email\":\"x\"}", "{\"name\":\"\"}", "{\"user_id\":\"x\"}")) {
            expectError(send(HttpMethod.PUT, tenant.liveSecret(), "/v1/admin/users/valid-1", body), 400, "VALIDATION_ERROR");
        }
        expectError(send(HttpMethod.PUT, tenant.liveSecret(), "/v1/admin/users/nobody", "{\"role\":\"admin\"}"), 404, "NOT_FOUND");
        for (String query : List.of("limit=0", "limit=101", "limit=-1", "offset=-1", "limit=abc")) {
            expectError(send(HttpMethod.GET, tenant.liveSecret(), "/v1/admin/users?" + query, null), 400, "VALIDATION_ERROR");
        }
        assertThat(outbox(tenant)).hasSize(auditBefore + 1);
    }

    @Test
    void whenTableLookupThenTheLastActiveAdminCannotBeRemovedOrDisabled() {
        Tenant guarded = Tenants.create(context, "spot-guard");
        configure(client, guarded.liveSecret(), Map.of("jwks", inlineJwks(KEY)));
        addAdmin(client, guarded.liveSecret(), "auth0|me", "me@example.com");
        expectError(send(HttpMethod.DELETE, guarded.liveSecret(), "/v1/admin/users/auth0%7Cme", null), 409, "CONFLICT");
        expectError(send(HttpMethod.PUT, guarded.liveSecret(), "/v1/admin/users/auth0%7Cme", "{\"status\":\"disabled\"}"), 409, "CONFLICT");
        send(HttpMethod.POST, guarded.liveSecret(), "/v1/admin/users", "{\"user_id\":\"second\",\"email\":\"second@example.com\"}")
                .expectStatus().isCreated();
        send(HttpMethod.DELETE, guarded.liveSecret(), "/v1/admin/users/second", null).expectStatus().isNoContent();
        send(HttpMethod.GET, guarded.liveSecret(), "/v1/admin/users", null).expectStatus().isOk()
                .expectBody().jsonPath("$.data.total").isEqualTo(1);
    }

    @Test
    void whenConfigGetAndPutThenPartialUpdateValidatedAndAudited() {
        Tenant own = Tenants.create(context, "spot-config");
        configure(client, own.liveSecret(), Map.of("jwks", inlineJwks(KEY), "admin_strategy", Map.of("type", "all_authenticated")));
        send(HttpMethod.GET, own.liveSecret(), "/v1/admin/config", null).expectStatus().isOk().expectBody()
                .jsonPath("$.data.admin_strategy.type").isEqualTo("all_authenticated")
                .jsonPath("$.data.jwks.keys[0].kid").isEqualTo("k1")
                .jsonPath("$.data.jwks.keys[0].d").doesNotExist()
                .jsonPath("$.data.allowed_origins").isEmpty()
                .jsonPath("$.data.feature_flags").isEmpty()
                .jsonPath("$.data.circuit_breaker.tours.enabled").isEqualTo(true)
                .jsonPath("$.data.circuit_breaker.content.enabled").isEqualTo(true)
                .jsonPath("$.data.updated_at").isNotEmpty();
        int auditBefore = outbox(own).size();
        send(HttpMethod.PUT, own.liveSecret(), "/v1/admin/config",
                "{\"allowed_origins\":[\"https://App.Example.com:443\",\"http://localhost:3000\"],\"feature_flags\":{\"beta_tours\":true}}")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.allowed_origins[0]").isEqualTo("https://app.example.com")
                .jsonPath("$.data.allowed_origins[1]").isEqualTo("http://localhost:3000")
                .jsonPath("$.data.feature_flags.beta_tours").isEqualTo(true)
                .jsonPath("$.data.admin_strategy.type").isEqualTo("all_authenticated")
                .jsonPath("$.data.jwks.keys[0].kid").isEqualTo("k1");
        List<Map<String, Object>> audit = outbox(own);
        assertThat(audit).hasSize(auditBefore + 1);
        Map<String, Object> update = payload(audit.get(audit.size() - 1));
        assertThat(update.get("action")).isEqualTo("config.update");
        assertThat(update.get("entity_type")).isEqualTo("config");
        assertThat(update.get("entity_id")).isEqualTo(Ids.format("org", own.id()));
        assertThat(update).extractingByKey("before").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("allowed_origins", List.of());
        assertThat(update).extractingByKey("after").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("allowed_origins", List.of("https://app.example.com", "http://localhost:3000"));

        send(HttpMethod.POST, own.liveSecret(), "/v1/admin/config/circuit-breaker", "{\"feature\":\"content\",\"enabled\":false}")
                .expectStatus().isOk().expectBody().jsonPath("$.data.content.enabled").isEqualTo(false);
        send(HttpMethod.GET, own.liveSecret(), "/v1/admin/config/circuit-breaker", null)
                .expectStatus().isOk().expectBody().jsonPath("$.data.content.enabled").isEqualTo(false)
                .jsonPath("$.data.tours.enabled").isEqualTo(true);
        Map<String, Object> toggled = payload(outbox(own).get(auditBefore + 1));
        assertThat(toggled.get("action")).isEqualTo("CircuitBreakerToggledByAdmin");
        assertThat(toggled).extractingByKey("after").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("content", Map.of("enabled", false));
    }

    @Test
    void whenConfigInputIsBadThen400AndNothingChanges() throws Exception {
        int auditBefore = outbox(tenant).size();
        String privateJwk = JSON.writeValueAsString(AdminTokens.rsa("priv").toJSONObject());
        String octJwk = "{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"}";
        for (String body : List.of(
                "{\"admin_strategy\":{\"type\":\"everyone\"}}",
                "{\"admin_strategy\":{}}",
                "{\"admin_strategy\":{\"type\":\"claim\",\"claim\":\"role\"}}",
                "{\"admin_strategy\":{\"type\":\"table_lookup\",\"match_claim\":\"name\"}}",
                "{\"jwks\":{\"url\":\"http://idp.example/jwks\"}}",
                "{\"jwks\":{\"url\":\"https://127.0.0.1/jwks\"}}",
                "{\"jwks\":{\"url\":\"https://169.254.169.254/latest\"}}",
                "{\"jwks\":{\"url\":\"https://localhost/jwks\"}}",
                "{\"jwks\":{\"url\":\"https://idp.example/jwks\",\"keys\":[]}}",
                "{\"jwks\":{\"keys\":[" + privateJwk + "]}}",
                "{\"jwks\":{\"keys\":[" + octJwk + "]}}",
                "{\"jwks\":{\"keys\":[{\"kty\":\"RSA\"}]}}",
                "{\"allowed_origins\":[\"*\"]}",
                "{\"allowed_origins\":[\"https://shop.example/path\"]}",
                "{\"allowed_origins\":[\"ftp://shop.example\"]}",
                "{\"feature_flags\":{\"x\":\"yes\"}}",
                "{\"feature_flags\":{\"Bad Name\":true}}",
                "{\"circuit_breaker\":{\"tours\":{\"enabled\":false}}}",
                "{\"unknown\":true}",
                "{broken")) {
            expectError(send(HttpMethod.PUT, tenant.liveSecret(), "/v1/admin/config", body), 400, "VALIDATION_ERROR");
        }
        for (String body : List.of("{\"feature\":\"everything\",\"enabled\":false}", "{\"feature\":\"tours\"}",
                "{\"feature\":\"tours\",\"enabled\":\"no\"}")) {
            expectError(send(HttpMethod.POST, tenant.liveSecret(), "/v1/admin/config/circuit-breaker", body), 400, "VALIDATION_ERROR");
        }
        assertThat(outbox(tenant)).hasSize(auditBefore);
        send(HttpMethod.GET, tenant.liveSecret(), "/v1/admin/config", null).expectStatus().isOk().expectBody()
                .jsonPath("$.data.admin_strategy.type").isEqualTo("all_authenticated");
    }

    @Test
    void whenOtherTenantOrEnvironmentThenTheirUsersAreInvisible() {
        addAdmin(client, tenant.liveSecret(), "iso-user", "iso@example.com");
        send(HttpMethod.GET, tenant.liveSecret(), "/v1/admin/users/iso-user", null).expectStatus().isOk();
        expectError(send(HttpMethod.GET, other.liveSecret(), "/v1/admin/users/iso-user", null), 404, "NOT_FOUND");
        expectError(send(HttpMethod.PUT, other.liveSecret(), "/v1/admin/users/iso-user", "{\"role\":\"viewer\"}"), 404, "NOT_FOUND");
        expectError(send(HttpMethod.DELETE, other.liveSecret(), "/v1/admin/users/iso-user", null), 404, "NOT_FOUND");
        expectError(send(HttpMethod.GET, tenant.testSecret(), "/v1/admin/users/iso-user", null), 404, "NOT_FOUND");
        send(HttpMethod.GET, other.liveSecret(), "/v1/admin/users", null).expectStatus().isOk().expectBody()
                .jsonPath("$.data.items[?(@.user_id == 'iso-user')]").doesNotExist();
        // The same user id may exist separately in another tenant and in the test environment.
        send(HttpMethod.POST, tenant.testSecret(), "/v1/admin/users", "{\"user_id\":\"iso-user\",\"email\":\"iso@example.com\"}")
                .expectStatus().isCreated();
        send(HttpMethod.GET, tenant.liveSecret(), "/v1/admin/users/iso-user", null).expectStatus().isOk()
                .expectBody().jsonPath("$.data.role").isEqualTo("admin");
    }

    @Test
    void whenBootstrapPathThenSecretKeyOnlyAndFanfareErrors() {
        client.get().uri("/api/v1/settings/spotlight").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/v1/settings/spotlight").header("X-Publishable-Key", tenant.livePublishable()).exchange()
                .expectStatus().isUnauthorized();
        client.put().uri("/api/v1/settings/spotlight").header("Authorization", "Bearer " + tenant.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"allowed_origins\":[\"*\"]}").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("Validation failed")
                .jsonPath("$.details[0].field").isEqualTo("allowed_origins[0]");
        client.get().uri("/api/v1/settings/spotlight/admin-users?limit=5").header("Authorization", "Bearer " + tenant.liveSecret())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.limit").isEqualTo(5).jsonPath("$.items").isArray();
        // A Spotlight admin token cannot reach the bootstrap path, and a secret key alone cannot reach /v1/admin.
        client.get().uri("/v1/admin/users").header("X-API-Key", tenant.liveSecret()).exchange().expectStatus().isUnauthorized();
    }

    /** {@code uri} as written, with an admin JWT made by {@code claims} for {@code subject}. */
    private WebTestClient.ResponseSpec sendAs(String subject, java.util.function.UnaryOperator<com.nimbusds.jwt.JWTClaimsSet.Builder> claims,
            HttpMethod method, String secret, String uri, String body) {
        WebTestClient.RequestBodySpec spec = client.method(method).uri(java.net.URI.create("http://127.0.0.1:" + port + uri))
                .header("X-API-Key", secret).header("Authorization", "Bearer " + token(KEY, subject, claims));
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private void bootstrapUser(Tenant owner, String userId, String email, String role) {
        client.post().uri("/api/v1/settings/spotlight/admin-users").header("Authorization", "Bearer " + owner.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(Map.of("user_id", userId, "email", email, "role", role)))
                .exchange().expectStatus().isCreated();
    }

    @Test
    void whenControlCharactersInInputThen400Or404NeverA5xx() {
        addAdmin(client, tenant.liveSecret(), "ctl-user", "ctl@example.com");
        int auditBefore = outbox(tenant).size();
        for (String id : List.of("%00", "a%00b", "%01", "x%7F")) {
            expectError(send(HttpMethod.GET, tenant.liveSecret(), "/v1/admin/users/" + id, null), 404, "NOT_FOUND");
            expectError(send(HttpMethod.PUT, tenant.liveSecret(), "/v1/admin/users/" + id, "{\"role\":\"admin\"}"), 404, "NOT_FOUND");
            expectError(send(HttpMethod.DELETE, tenant.liveSecret(), "/v1/admin/users/" + id, null), 404, "NOT_FOUND");
        }
        for (String body : List.of("{\"user_id\":\"c1\",\"email\":\"a\\u0000b@example.com\"}",
                "{\"user_id\":\"c1\",\"email\":\"c1@example.com\",\"name\":\"Jane\\u0000\"}",
                "{\"user_id\":\"c1\",\"email\":\"c1@example.com\",\"name\":\"Jane\\u0007Doe\"}",
                "{\"user_id\":\"c\\u0000\",\"email\":\"c1@example.com\"}")) {
            expectError(send(HttpMethod.POST, tenant.liveSecret(), "/v1/admin/users", body), 400, "VALIDATION_ERROR");
        }
        for (String body : List.of("{\"email\":\"x\\u0000@example.com\"}", "{\"name\":\"\\u0000\"}", "{\"name\":\"a\\u007fb\"}")) {
            expectError(send(HttpMethod.PUT, tenant.liveSecret(), "/v1/admin/users/ctl-user", body), 400, "VALIDATION_ERROR");
        }
        String jwk = JSON.writeValueAsString(KEY.toPublicJWK().toJSONObject()).replace("\"kid\":\"k1\"", "\"kid\":\"k\\u00001\"");
        for (String body : List.of(
                "{\"jwks\":{\"keys\":[" + jwk + "]}}",
                "{\"jwks\":{\"url\":\"https://idp.example/jwks\",\"issuer\":\"https://idp\\u0000.example\"}}",
                "{\"jwks\":{\"url\":\"https://idp.example/jwks\",\"audiences\":[\"spot\\u0000light\"]}}",
                "{\"jwks\":{\"url\":\"https://idp.example/jwks\\u0000\"}}",
                "{\"admin_strategy\":{\"type\":\"claim\",\"claim\":\"role\",\"value\":\"ad\\u0000min\"}}",
                "{\"admin_strategy\":{\"type\":\"claim\",\"claim\":\"ro\\u0000le\",\"value\":\"admin\"}}",
                "{\"admin_strategy\":{\"type\":\"table_lookup\",\"match_claim\":\"sub\\u0000\"}}",
                "{\"allowed_origins\":[\"https://shop\\u0000.example\"]}",
                "{\"feature_flags\":{\"beta\\u0000\":true}}",
                "{\"jwks\":{\"url\":\"https://99999999999/jwks\"}}")) {
            expectError(send(HttpMethod.PUT, tenant.liveSecret(), "/v1/admin/config", body), 400, "VALIDATION_ERROR");
        }
        assertThat(outbox(tenant)).hasSize(auditBefore);
    }

    @Test
    void whenTableLookupThenRolesLimitWhatAnAdminMayDo() {
        Tenant roles = Tenants.create(context, "spot-roles");
        configure(client, roles.liveSecret(), Map.of("jwks", inlineJwks(KEY), "admin_strategy", Map.of("type", "table_lookup")));
        bootstrapUser(roles, "the-owner", "owner@example.com", "owner");
        bootstrapUser(roles, "an-admin", "admin@example.com", "admin");
        bootstrapUser(roles, "an-editor", "editor@example.com", "editor");
        bootstrapUser(roles, "a-viewer", "viewer@example.com", "viewer");
        String secret = roles.liveSecret();
        java.util.function.UnaryOperator<com.nimbusds.jwt.JWTClaimsSet.Builder> plain = c -> c;

        // viewer: reads only.
        sendAs("a-viewer", plain, HttpMethod.GET, secret, "/v1/admin/users", null).expectStatus().isOk();
        sendAs("a-viewer", plain, HttpMethod.GET, secret, "/v1/admin/config", null).expectStatus().isOk();
        expectError(sendAs("a-viewer", plain, HttpMethod.POST, secret, "/v1/admin/users", "{\"user_id\":\"v\",\"email\":\"v@example.com\"}"),
                403, "FORBIDDEN");
        expectError(sendAs("a-viewer", plain, HttpMethod.POST, secret, "/v1/admin/tours", "{}"), 403, "FORBIDDEN");
        expectError(sendAs("a-viewer", plain, HttpMethod.PUT, secret, "/v1/admin/config", "{\"feature_flags\":{}}"), 403, "FORBIDDEN");

        // editor: content writes, not users or config.
        sendAs("an-editor", plain, HttpMethod.GET, secret, "/v1/admin/config", null).expectStatus().isOk();
        sendAs("an-editor", plain, HttpMethod.POST, secret, "/v1/admin/tours", "{}").expectStatus().isOk();
        expectError(sendAs("an-editor", plain, HttpMethod.PUT, secret, "/v1/admin/config", "{\"feature_flags\":{}}"), 403, "FORBIDDEN");
        expectError(sendAs("an-editor", plain, HttpMethod.POST, secret, "/v1/admin/config/circuit-breaker",
                "{\"feature\":\"tours\",\"enabled\":false}"), 403, "FORBIDDEN");
        expectError(sendAs("an-editor", plain, HttpMethod.DELETE, secret, "/v1/admin/users/a-viewer", null), 403, "FORBIDDEN");

        // admin: everything but making owners.
        sendAs("an-admin", plain, HttpMethod.POST, secret, "/v1/admin/users", "{\"user_id\":\"e2\",\"email\":\"e2@example.com\",\"role\":\"editor\"}")
                .expectStatus().isCreated();
        expectError(sendAs("an-admin", plain, HttpMethod.POST, secret, "/v1/admin/users",
                "{\"user_id\":\"o2\",\"email\":\"o2@example.com\",\"role\":\"owner\"}"), 403, "FORBIDDEN");
        expectError(sendAs("an-admin", plain, HttpMethod.PUT, secret, "/v1/admin/users/e2", "{\"role\":\"owner\"}"), 403, "FORBIDDEN");
        sendAs("an-admin", plain, HttpMethod.PUT, secret, "/v1/admin/users/the-owner", "{\"role\":\"owner\",\"name\":\"Boss\"}")
                .expectStatus().isOk();

        // owner: may make owners.
        sendAs("the-owner", plain, HttpMethod.POST, secret, "/v1/admin/users", "{\"user_id\":\"o2\",\"email\":\"o2@example.com\",\"role\":\"owner\"}")
                .expectStatus().isCreated();
        sendAs("the-owner", plain, HttpMethod.PUT, secret, "/v1/admin/users/e2", "{\"role\":\"owner\"}")
                .expectStatus().isOk().expectBody().jsonPath("$.data.role").isEqualTo("owner");
    }

    @Test
    void whenMatchingOnEmailThenTheLastActiveAdminKeepsItsAddress() {
        Tenant byEmail = Tenants.create(context, "spot-email-guard");
        configure(client, byEmail.liveSecret(), Map.of("jwks", inlineJwks(KEY),
                "admin_strategy", Map.of("type", "table_lookup", "match_claim", "email")));
        addAdmin(client, byEmail.liveSecret(), "auth0|me", "me@example.com");
        java.util.function.UnaryOperator<com.nimbusds.jwt.JWTClaimsSet.Builder> me =
                c -> c.claim("email", "me@example.com").claim("email_verified", true);
        expectError(sendAs("auth0|me", me, HttpMethod.PUT, byEmail.liveSecret(), "/v1/admin/users/auth0%7Cme",
                "{\"email\":\"someone-else@example.com\"}"), 409, "CONFLICT");
        // The same address in other letters still matches.
        sendAs("auth0|me", me, HttpMethod.PUT, byEmail.liveSecret(), "/v1/admin/users/auth0%7Cme", "{\"email\":\"ME@example.com\"}")
                .expectStatus().isOk();
        // The bootstrap path may, by design.
        client.put().uri("/api/v1/settings/spotlight/admin-users/{id}", "auth0|me").header("Authorization", "Bearer " + byEmail.liveSecret())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"email\":\"new@example.com\"}").exchange().expectStatus().isOk();
    }

    @Test
    void whenSwitchingToTableLookupWithNoActiveAdminUserThen409() {
        Tenant switching = Tenants.create(context, "spot-switch");
        configure(client, switching.liveSecret(), Map.of("jwks", inlineJwks(KEY), "admin_strategy", Map.of("type", "all_authenticated")));
        for (String body : List.of("{\"admin_strategy\":{\"type\":\"table_lookup\"}}",
                "{\"admin_strategy\":{\"type\":\"table_lookup\",\"match_claim\":\"email\"}}")) {
            expectError(send(HttpMethod.PUT, switching.liveSecret(), "/v1/admin/config", body), 409, "CONFLICT");
        }
        send(HttpMethod.GET, switching.liveSecret(), "/v1/admin/config", null).expectStatus().isOk().expectBody()
                .jsonPath("$.data.admin_strategy.type").isEqualTo("all_authenticated");
        addAdmin(client, switching.liveSecret(), "auth0|me", "me@example.com");
        send(HttpMethod.PUT, switching.liveSecret(), "/v1/admin/config", "{\"admin_strategy\":{\"type\":\"table_lookup\"}}")
                .expectStatus().isOk().expectBody().jsonPath("$.data.admin_strategy.type").isEqualTo("table_lookup");
        // The secret key's bootstrap path stays unguarded.
        Tenant bootstrap = Tenants.create(context, "spot-switch-b");
        configure(client, bootstrap.liveSecret(), Map.of("admin_strategy", Map.of("type", "table_lookup", "match_claim", "email")));
    }
}
