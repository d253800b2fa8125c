package io.dropline.analytics.store;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every domain event from the bus exactly once: the raw row keyed by the event's uuid and, only when that
 * insert stored something, its rollup rows and the listeners' work (webhook deliveries), all in one transaction. A
 * redelivery (the bus is at least once) or a second replica handling the same entry inserts nothing and adds
 * nothing; a failure rolls everything back and the bus delivers the event again.
 */
@Component
public class EventStore {

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);
    private static final Set<String> ENVIRONMENTS = Set.of("live", "test");
    /**
     * Kept elsewhere, not domain events: the audit trail has its own log, and SDK events are this service's own
     * table republished for experiences-service.
     */
    private static final Set<String> NOT_STORED = Set.of(EventTypes.ADMIN_ACTIVITY, EventTypes.SDK_EVENT);
    private static final String TYPE_SHAPE = "[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){1,4}";

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final ObjectProvider<StoredEventListener> listeners;
    private final Clock clock;

    EventStore(DatabaseClient db, TransactionalOperator transaction, ObjectProvider<StoredEventListener> listeners, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.listeners = listeners;
        this.clock = clock;
    }

    /** Stores the event once; true when this call stored it, false for a duplicate or an event that is not kept. */
    public Mono<Boolean> keep(EventEnvelope envelope) {
        Optional<StoredEvent> parsed = parse(envelope);
        if (parsed.isEmpty()) {
            return Mono.just(false);
        }
        StoredEvent event = parsed.get();
        return insertRaw(event)
                .flatMap(inserted -> inserted
                        ? addToRollups(event).then(notifyListeners(event)).thenReturn(true)
                        : Mono.just(false))
                .as(transaction::transactional)
                .name("analytics.store.keep");
    }

    /** The event as stored, or empty for one the store cannot keep (logged; failing would only redeliver it). */
    static Optional<StoredEvent> parse(EventEnvelope event) {
        if (event.type() == null || NOT_STORED.contains(event.type())) {
            return Optional.empty();
        }
        Optional<UUID> id = Ids.parse("evt", event.id());
        Optional<UUID> org = Ids.parse("org", event.organizationId());
        if (id.isEmpty() || org.isEmpty() || !ENVIRONMENTS.contains(event.environment()) || event.occurredAt() == null
                || !event.type().matches(TYPE_SHAPE)) {
            log.warn("Event {} ({}) is malformed and was not stored", event.id(), event.type());
            return Optional.empty();
        }
        return Optional.of(new StoredEvent(id.get(), org.get(), event.environment(), event.type(), event.occurredAt(),
                event.aggregateType(), event.aggregateId(), event.data() == null ? Map.of() : event.data()));
    }

    private Mono<Boolean> insertRaw(StoredEvent event) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO stored_events (id, organization_id, environment, type, "
                        + "occurred_at, aggregate_type, aggregate_id, data, received_at) VALUES (:id, :org, :env, :type, "
                        + ":occurredAt, :aggregateType, :aggregateId, :data::jsonb, :receivedAt) ON CONFLICT (id) DO NOTHING")
                .bind("id", event.id())
                .bind("org", event.organizationId())
                .bind("env", event.environment())
                .bind("type", event.type())
                .bind("occurredAt", event.occurredAt())
                .bind("data", JsonMapper.shared().writeValueAsString(event.data()))
                .bind("receivedAt", clock.instant());
        spec = event.aggregateType() == null ? spec.bindNull("aggregateType", String.class) : spec.bind("aggregateType", event.aggregateType());
        spec = event.aggregateId() == null ? spec.bindNull("aggregateId", String.class) : spec.bind("aggregateId", event.aggregateId());
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }

    /** One statement for all of the event's rows: each row's count and value added to what is there. */
    private Mono<Void> addToRollups(StoredEvent event) {
        List<RollupRows.Row> rows = RollupRows.of(event.occurredAt(), event.data());
        return db.sql("INSERT INTO event_rollups AS r (organization_id, environment, event_type, field, dimension, "
                        + "dimension_value, grain, bucket, n, total, low, high) "
                        + "SELECT :org, :env, :type, f, d, v, g, b::timestamptz, 1, x::numeric, "
                        + "CASE WHEN f = '' THEN NULL ELSE x::numeric END, CASE WHEN f = '' THEN NULL ELSE x::numeric END "
                        + "FROM unnest(:fields::text[], :dims::text[], :vals::text[], :grains::text[], :buckets::text[], :values::text[]) "
                        + "AS t(f, d, v, g, b, x) "
                        + "ON CONFLICT (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket) "
                        + "DO UPDATE SET n = r.n + 1, total = r.total + EXCLUDED.total, "
                        + "low = LEAST(r.low, EXCLUDED.low), high = GREATEST(r.high, EXCLUDED.high)")
                .bind("org", event.organizationId())
                .bind("env", event.environment())
                .bind("type", event.type())
                .bind("fields", rows.stream().map(RollupRows.Row::field).toArray(String[]::new))
                .bind("dims", rows.stream().map(RollupRows.Row::dimension).toArray(String[]::new))
                .bind("vals", rows.stream().map(RollupRows.Row::dimensionValue).toArray(String[]::new))
                .bind("grains", rows.stream().map(RollupRows.Row::grain).toArray(String[]::new))
                .bind("buckets", rows.stream().map(row -> row.bucket().toString()).toArray(String[]::new))
                .bind("values", rows.stream().map(row -> row.value().toPlainString()).toArray(String[]::new))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> notifyListeners(StoredEvent event) {
        return Flux.fromStream(listeners.orderedStream()).concatMap(listener -> listener.stored(event)).then();
    }
}
