package io.dropline.experiences.spotlight;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.TestInfra;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls to the Spotlight Admin and SDK APIs as the gateway would make them, with signed internal contexts. */
public record SpotlightCalls(WebTestClient http, DatabaseClient db, UUID org, Environment environment) {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    public String adminContext(String requestId) {
        return CODEC.sign(CODEC.create(org, environment, ApiSurface.SPOTLIGHT_ADMIN, Principal.adminUser("auth0|admin-1", "key_sk"),
                requestId));
    }

    public String sdkContext(Set<String> disabledFeatures) {
        return CODEC.sign(CODEC.create(org, environment, ApiSurface.SDK, Principal.apiKey("key_pk"), "req-" + Ids.newUuid())
                .withDisabledFeatures(disabledFeatures));
    }

    public String surfaceContext(ApiSurface surface) {
        return CODEC.sign(CODEC.create(org, environment, surface, Principal.apiKey("key_x"), "req-" + Ids.newUuid()));
    }

    public WebTestClient.ResponseSpec send(String method, String path, Object body, String context) {
        // The gateway always sends X-Request-Id; the error envelope echoes it.
        WebTestClient.RequestBodySpec request = http.method(HttpMethod.valueOf(method)).uri(path).header(InternalContext.HEADER, context)
                .header("X-Request-Id", "req-test");
        if (body == null) {
            return request.exchange();
        }
        return body instanceof String raw ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(raw).exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec admin(String method, String path, Object body) {
        return send(method, path, body, adminContext("req-" + Ids.newUuid()));
    }

    /** The {@code data} of a successful admin call with the expected status. */
    public JsonNode ok(String method, String path, Object body, int status) {
        JsonNode response = admin(method, path, body).expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
        return response.get("data");
    }

    public JsonNode ok(String method, String path, Object body) {
        return ok(method, path, body, 200);
    }

    /** Expects the Spotlight error envelope with {@code status} and the seed's code. */
    public JsonNode error(WebTestClient.ResponseSpec response, int status, String code) {
        JsonNode body = response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(body.path("error").path("code").stringValue()).as(body.toString()).isEqualTo(code);
        assertThat(body.path("error").path("message").isString()).isTrue();
        assertThat(body.path("error").path("request_id").isString()).isTrue();
        return body;
    }

    public JsonNode eligible(Map<String, Object> body, Set<String> disabledFeatures) {
        JsonNode response = send("POST", "/v1/sdk/eligible", body, sdkContext(disabledFeatures)).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return response.get("data");
    }

    public List<String> eligibleIds(Map<String, Object> body) {
        JsonNode data = eligible(body, Set.of());
        List<String> ids = new java.util.ArrayList<>();
        data.get("tours").forEach(tour -> ids.add(tour.get("tour_id").stringValue()));
        data.get("content").forEach(item -> ids.add(item.get("content_id").stringValue()));
        return ids;
    }

    public long count(String query) {
        long[] n = new long[1];
        StepVerifier.create(db.sql(query).map(row -> row.get(0, Long.class)).one()).consumeNextWith(v -> n[0] = v).verifyComplete();
        return n[0];
    }

    /** Outbox rows of one entity, oldest first: action, before, after, request id, actor. */
    public List<Map<String, Object>> audit(String entityId) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        StepVerifier.create(db.sql("SELECT payload::text AS payload, request_id, actor, type, aggregate_type FROM outbox "
                                + "WHERE aggregate_id = :id AND organization_id = :org ORDER BY occurred_at, id")
                        .bind("id", entityId).bind("org", org)
                        .map(row -> Map.<String, Object>of("payload", JsonMapper.shared().readTree(row.get("payload", String.class)),
                                "request_id", String.valueOf(row.get("request_id", String.class)), "actor", String.valueOf(row.get("actor", String.class)),
                                "type", row.get("type", String.class), "aggregate_type", row.get("aggregate_type", String.class)))
                        .all().collectList())
                .consumeNextWith(rows::addAll)
                .verifyComplete();
        return rows;
    }

    public List<String> auditActions(String entityId) {
        return audit(entityId).stream().map(row -> ((JsonNode) row.get("payload")).get("action").stringValue()).toList();
    }

    public SpotlightCalls as(UUID organization, Environment env) {
        return new SpotlightCalls(http, db, organization, env);
    }
}
