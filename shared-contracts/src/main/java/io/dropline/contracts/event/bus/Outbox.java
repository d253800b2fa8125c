package io.dropline.contracts.event.bus;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.id.Ids;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to the service's {@code outbox} table. Call it inside the transaction that makes the change the
 * events describe (architecture.md, "Events"): both commit or neither does. {@link OutboxRelay} publishes them.
 *
 * <p>Every service that publishes owns this table in its own database, created by its own Flyway script:
 * <pre>
 * CREATE TABLE outbox (
 *     id              uuid PRIMARY KEY,        -- the event id (evt_ without its prefix)
 *     type            text        NOT NULL,
 *     organization_id uuid        NOT NULL,
 *     environment     text        NOT NULL,
 *     aggregate_type  text        NOT NULL,
 *     aggregate_id    text        NOT NULL,
 *     payload         jsonb       NOT NULL,    -- EventEnvelope.data
 *     occurred_at     timestamptz NOT NULL,
 *     request_id      text,
 *     actor           text,
 *     published_at    timestamptz
 * );
 * CREATE INDEX outbox_unpublished ON outbox (occurred_at) WHERE published_at IS NULL;
 * </pre>
 */
public class Outbox {

    private final DatabaseClient db;

    public Outbox(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> append(EventEnvelope event) {
        return append(List.of(event));
    }

    /** All events in one statement. */
    public Mono<Void> append(List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        UUID[] orgs = new UUID[n];
        String[] envs = new String[n];
        String[] aggregateTypes = new String[n];
        String[] aggregateIds = new String[n];
        String[] payloads = new String[n];
        String[] occurredAt = new String[n];
        String[] requestIds = new String[n];
        String[] actors = new String[n];
        for (int i = 0; i < n; i++) {
            EventEnvelope e = events.get(i);
            ids[i] = Ids.parse("evt", e.id()).orElseThrow(() -> new IllegalArgumentException("Event ids are evt_ ids"));
            types[i] = e.type();
            orgs[i] = Ids.parse("org", e.organizationId())
                    .orElseThrow(() -> new IllegalArgumentException("Events name their organization by its org_ id"));
            envs[i] = e.environment();
            aggregateTypes[i] = e.aggregateType();
            aggregateIds[i] = e.aggregateId();
            payloads[i] = JsonMapper.shared().writeValueAsString(e.data());
            occurredAt[i] = e.occurredAt().toString();
            requestIds[i] = e.requestId();
            actors[i] = e.actor();
        }
        return db.sql("INSERT INTO outbox (id, type, organization_id, environment, aggregate_type, aggregate_id, payload, "
                        + "occurred_at, request_id, actor) "
                        + "SELECT e.id, e.type, e.org, e.env, e.aggregate_type, e.aggregate_id, e.payload::jsonb, "
                        + "e.occurred_at::timestamptz, e.request_id, e.actor "
                        + "FROM unnest(:ids::uuid[], :types::text[], :orgs::uuid[], :envs::text[], :aggregateTypes::text[], "
                        + ":aggregateIds::text[], :payloads::text[], :occurredAt::text[], :requestIds::text[], :actors::text[]) "
                        + "AS e(id, type, org, env, aggregate_type, aggregate_id, payload, occurred_at, request_id, actor)")
                .bind("ids", ids)
                .bind("types", types)
                .bind("orgs", orgs)
                .bind("envs", envs)
                .bind("aggregateTypes", aggregateTypes)
                .bind("aggregateIds", aggregateIds)
                .bind("payloads", payloads)
                .bind("occurredAt", occurredAt)
                .bind("requestIds", requestIds)
                .bind("actors", actors)
                .then();
    }
}
