package io.dropline.analytics.sdkevent;

import io.dropline.contracts.context.InternalContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/** SQL for raw SDK events, scoped by the organization and environment of the internal context. */
@Repository
class SdkEventRepository {

    private final DatabaseClient db;

    SdkEventRepository(DatabaseClient db) {
        this.db = db;
    }

    /** An event about to be stored under our own uuid. */
    record NewEvent(UUID id, SdkEvent event) {
    }

    /**
     * Stores a batch in one statement and answers the ids of the rows it inserted: an event whose event_id the tenant
     * already sent is skipped by the unique constraint, also when a concurrent batch carries the same id.
     */
    Flux<UUID> insertNew(InternalContext context, String userKey, String sessionId, List<NewEvent> events, Instant receivedAt) {
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] eventIds = new String[n];
        String[] types = new String[n];
        String[] itemTypes = new String[n];
        String[] itemIds = new String[n];
        String[] versions = new String[n];
        String[] stepIds = new String[n];
        String[] stepIndexes = new String[n];
        String[] occurredAt = new String[n];
        String[] urls = new String[n];
        String[] properties = new String[n];
        for (int i = 0; i < n; i++) {
            SdkEvent event = events.get(i).event();
            ids[i] = events.get(i).id();
            eventIds[i] = event.eventId();
            types[i] = event.type();
            itemTypes[i] = event.itemType();
            itemIds[i] = event.itemId();
            versions[i] = event.version() == null ? null : event.version().toString();
            stepIds[i] = event.stepId();
            stepIndexes[i] = event.stepIndex() == null ? null : event.stepIndex().toString();
            occurredAt[i] = event.occurredAt().toString();
            urls[i] = event.url();
            properties[i] = event.properties().toString();
        }
        GenericExecuteSpec spec = db.sql("INSERT INTO sdk_events (id, organization_id, environment, event_id, type, item_type, item_id, "
                        + "version, step_id, step_index, session_id, user_key, occurred_at, received_at, url, properties) "
                        + "SELECT e.id, :org, :env, e.event_id, e.type, e.item_type, e.item_id, e.version::integer, e.step_id, "
                        + "e.step_index::integer, :sessionId, :userKey, e.occurred_at::timestamptz, :receivedAt, e.url, e.properties::jsonb "
                        + "FROM unnest(:ids::uuid[], :eventIds::text[], :types::text[], :itemTypes::text[], :itemIds::text[], "
                        + ":versions::text[], :stepIds::text[], :stepIndexes::text[], :occurredAt::text[], :urls::text[], :properties::text[]) "
                        + "AS e(id, event_id, type, item_type, item_id, version, step_id, step_index, occurred_at, url, properties) "
                        + "ON CONFLICT (organization_id, environment, event_id) DO NOTHING RETURNING id")
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .bind("userKey", userKey)
                .bind("receivedAt", receivedAt)
                .bind("ids", ids)
                .bind("eventIds", eventIds)
                .bind("types", types)
                .bind("itemTypes", itemTypes)
                .bind("itemIds", itemIds)
                .bind("versions", versions)
                .bind("stepIds", stepIds)
                .bind("stepIndexes", stepIndexes)
                .bind("occurredAt", occurredAt)
                .bind("urls", urls)
                .bind("properties", properties);
        spec = sessionId == null ? spec.bindNull("sessionId", String.class) : spec.bind("sessionId", sessionId);
        return spec.map(row -> row.get("id", UUID.class)).all();
    }
}
