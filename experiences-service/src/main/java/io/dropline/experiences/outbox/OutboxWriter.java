package io.dropline.experiences.outbox;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends domain events to the {@code outbox} table. Call it inside the transaction that changes the state the
 * events describe (architecture.md, "Events"): both commit or neither does. A relay publishes them later.
 */
@Component
public class OutboxWriter {

    private final DatabaseClient db;

    OutboxWriter(DatabaseClient db) {
        this.db = db;
    }

    /** One event of {@code type} per payload, all about resources of one aggregate type, in one statement. */
    public Mono<Void> append(String type, UUID organizationId, Environment environment, String aggregateType,
            List<String> aggregateIds, List<Map<String, Object>> payloads, Instant occurredAt) {
        if (payloads.isEmpty()) {
            return Mono.empty();
        }
        UUID[] ids = payloads.stream().map(payload -> Ids.newUuid()).toArray(UUID[]::new);
        String[] json = payloads.stream().map(JsonMapper.shared()::writeValueAsString).toArray(String[]::new);
        return db.sql("INSERT INTO outbox (id, type, organization_id, environment, aggregate_type, aggregate_id, payload, occurred_at) "
                        + "SELECT e.id, :type, :org, :env, :aggregateType, e.aggregate_id, e.payload::jsonb, :at "
                        + "FROM unnest(:ids::uuid[], :aggregateIds::text[], :payloads::text[]) AS e(id, aggregate_id, payload)")
                .bind("type", type)
                .bind("org", organizationId)
                .bind("env", environment.wire())
                .bind("aggregateType", aggregateType)
                .bind("ids", ids)
                .bind("aggregateIds", aggregateIds.toArray(String[]::new))
                .bind("payloads", json)
                .bind("at", occurredAt)
                .then();
    }
}
