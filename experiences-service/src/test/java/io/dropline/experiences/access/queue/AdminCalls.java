package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Calls to the experiences Admin API as one tenant, and direct writes of the engine's rows, for the API tests. */
public record AdminCalls(WebTestClient http, DatabaseClient db, String context) {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    /** A publishable-key (Consumer API) context of an organization. */
    public static String consumerSurface(UUID organizationId) {
        return CODEC.sign(CODEC.create(organizationId, Environment.LIVE, ApiSurface.CONSUMER,
                Principal.consumer("cons_x", "key_pub"), "req-" + UUID.randomUUID()));
    }

    public JsonNode post(String path, Object body) {
        return http.post().uri(path).header(InternalContext.HEADER, context).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    public JsonNode get(String path) {
        return http.get().uri(path).header(InternalContext.HEADER, context).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    public JsonNode put(String path, Object body) {
        return http.put().uri(path).header(InternalContext.HEADER, context).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    public WebTestClient.ResponseSpec send(String method, String path, Object body, String asContext) {
        WebTestClient.RequestBodySpec request = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header(InternalContext.HEADER, asContext);
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec send(String method, String path, Object body) {
        return send(method, path, body, context);
    }

    /** Writes a participant row as the queue engine would (columns of V3__queue_lines.sql). */
    public void enter(String queueId, UUID organizationId, long seq, String status, Instant grantExpiresAt) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO queue_entries (queue_id, consumer_id, organization_id, environment, "
                        + "seq, status, entered_at, granted_at, grant_expires_at, deny_reason) VALUES (:queue, :consumer, :org, 'live', "
                        + ":seq, :status, now(), :grantedAt, :expires, :reason)")
                .bind("queue", Ids.parse("queue", queueId).orElseThrow())
                .bind("consumer", Ids.newUuid())
                .bind("org", organizationId)
                .bind("seq", seq)
                .bind("status", status);
        spec = status.equals("GRANTED") || status.equals("COMPLETED") ? spec.bind("grantedAt", Instant.now()) : spec.bindNull("grantedAt", Instant.class);
        spec = grantExpiresAt == null ? spec.bindNull("expires", Instant.class) : spec.bind("expires", grantExpiresAt);
        spec = status.equals("DENIED") ? spec.bind("reason", "CAPACITY_EXCEEDED") : spec.bindNull("reason", String.class);
        StepVerifier.create(spec.fetch().rowsUpdated()).expectNext(1L).verifyComplete();
    }

    public void sql(String statement) {
        StepVerifier.create(db.sql(statement).fetch().rowsUpdated().then(Mono.just(true))).expectNext(true).verifyComplete();
    }

    public void expectCount(String query, long expected) {
        StepVerifier.create(db.sql(query).map(row -> row.get(0, Long.class)).one()).expectNext(expected).verifyComplete();
    }
}
