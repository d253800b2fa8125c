package io.dropline.analytics.store;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import java.time.Clock;
import java.time.Instant;
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

    /**
     * Stores a read's events in one transaction: one multi-row insert of the raw events (a duplicate id inserts
     * nothing), then one upsert of the rollup rows of exactly the events that insert returned, summed per rollup key
     * first (one statement cannot update a row twice), then the listeners' work for those events. The number stored.
     */
    public Mono<Integer> keepAll(List<EventEnvelope> envelopes) {
        Map<UUID, StoredEvent> events = new java.util.LinkedHashMap<>();
        for (EventEnvelope envelope : envelopes) {
            parse(envelope).ifPresent(event -> events.putIfAbsent(event.id(), event));
        }
        if (events.isEmpty()) {
            return Mono.just(0);
        }
        return insertRaw(List.copyOf(events.values()))
                .flatMap(inserted -> {
                    List<StoredEvent> stored = events.values().stream().filter(event -> inserted.contains(event.id())).toList();
                    return stored.isEmpty() ? Mono.just(0)
                            : addToRollups(stored).then(notifyListeners(stored)).thenReturn(stored.size());
                })
                .as(transaction::transactional)
                .name("analytics.store.keepAll");
    }

    private Mono<Set<UUID>> insertRaw(List<StoredEvent> events) {
        Instant now = clock.instant();
        return db.sql("INSERT INTO stored_events (id, organization_id, environment, type, occurred_at, aggregate_type, "
                        + "aggregate_id, data, received_at) "
                        + "SELECT i, o, e, t, CAST(at AS timestamptz), NULLIF(agt, ''), NULLIF(agi, ''), CAST(d AS jsonb), "
                        + "CAST(:receivedAt AS timestamptz) "
                        + "FROM unnest(CAST(:ids AS uuid[]), CAST(:orgs AS uuid[]), CAST(:envs AS text[]), CAST(:types AS text[]), "
                        + "CAST(:ats AS text[]), CAST(:agts AS text[]), CAST(:agis AS text[]), CAST(:datas AS text[])) "
                        + "AS x(i, o, e, t, at, agt, agi, d) "
                        + "ON CONFLICT (id) DO NOTHING RETURNING id")
                .bind("ids", events.stream().map(StoredEvent::id).toArray(UUID[]::new))
                .bind("orgs", events.stream().map(StoredEvent::organizationId).toArray(UUID[]::new))
                .bind("envs", events.stream().map(StoredEvent::environment).toArray(String[]::new))
                .bind("types", events.stream().map(StoredEvent::type).toArray(String[]::new))
                .bind("ats", events.stream().map(event -> event.occurredAt().toString()).toArray(String[]::new))
                // '' for none (NULLIF above): an empty string is never a real aggregate type or id.
                .bind("agts", events.stream().map(event -> event.aggregateType() == null ? "" : event.aggregateType()).toArray(String[]::new))
                .bind("agis", events.stream().map(event -> event.aggregateId() == null ? "" : event.aggregateId()).toArray(String[]::new))
                .bind("datas", events.stream().map(event -> JsonMapper.shared().writeValueAsString(event.data())).toArray(String[]::new))
                .bind("receivedAt", now.toString())
                .map(row -> row.get("id", UUID.class))
                .all()
                .collect(java.util.stream.Collectors.toSet());
    }

    /** A rollup key beyond nothing: tenant, environment, type and the row's own key. */
    private record Key(UUID org, String env, String type, String field, String dimension, String value, String grain, Instant bucket) {
    }

    /** What several events add to one rollup row. */
    private record Sum(long n, java.math.BigDecimal total, java.math.BigDecimal low, java.math.BigDecimal high) {

        Sum plus(Sum other) {
            return new Sum(n + other.n, total.add(other.total), low == null ? null : low.min(other.low),
                    high == null ? null : high.max(other.high));
        }
    }

    /** One statement for all the events' rows, summed per key, in key order (concurrent writers lock in one order). */
    private Mono<Void> addToRollups(List<StoredEvent> events) {
        Map<Key, Sum> sums = new java.util.TreeMap<>(java.util.Comparator.comparing((Key k) -> k.org().toString())
                .thenComparing(Key::env).thenComparing(Key::type).thenComparing(Key::field).thenComparing(Key::dimension)
                .thenComparing(Key::value).thenComparing(Key::grain).thenComparing(Key::bucket));
        for (StoredEvent event : events) {
            for (RollupRows.Row row : RollupRows.of(event.occurredAt(), event.data())) {
                boolean count = RollupRows.COUNT.equals(row.field());
                sums.merge(new Key(event.organizationId(), event.environment(), event.type(), row.field(), row.dimension(),
                                row.dimensionValue(), row.grain(), row.bucket()),
                        new Sum(1, row.value(), count ? null : row.value(), count ? null : row.value()), Sum::plus);
            }
        }
        List<Map.Entry<Key, Sum>> rows = List.copyOf(sums.entrySet());
        return db.sql("INSERT INTO event_rollups AS r (organization_id, environment, event_type, field, dimension, "
                        + "dimension_value, grain, bucket, n, total, low, high) "
                        + "SELECT o, e, t, f, d, v, g, CAST(b AS timestamptz), n, CAST(x AS numeric), "
                        + "CAST(NULLIF(lo, '') AS numeric), CAST(NULLIF(hi, '') AS numeric) "
                        + "FROM unnest(CAST(:orgs AS uuid[]), CAST(:envs AS text[]), CAST(:types AS text[]), "
                        + "CAST(:fields AS text[]), CAST(:dims AS text[]), CAST(:vals AS text[]), CAST(:grains AS text[]), "
                        + "CAST(:buckets AS text[]), CAST(:ns AS bigint[]), CAST(:totals AS text[]), CAST(:lows AS text[]), "
                        + "CAST(:highs AS text[])) AS t(o, e, t, f, d, v, g, b, n, x, lo, hi) "
                        + "ON CONFLICT (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket) "
                        + "DO UPDATE SET n = r.n + EXCLUDED.n, total = r.total + EXCLUDED.total, "
                        + "low = LEAST(r.low, EXCLUDED.low), high = GREATEST(r.high, EXCLUDED.high)")
                .bind("orgs", rows.stream().map(row -> row.getKey().org()).toArray(UUID[]::new))
                .bind("envs", rows.stream().map(row -> row.getKey().env()).toArray(String[]::new))
                .bind("types", rows.stream().map(row -> row.getKey().type()).toArray(String[]::new))
                .bind("fields", rows.stream().map(row -> row.getKey().field()).toArray(String[]::new))
                .bind("dims", rows.stream().map(row -> row.getKey().dimension()).toArray(String[]::new))
                .bind("vals", rows.stream().map(row -> row.getKey().value()).toArray(String[]::new))
                .bind("grains", rows.stream().map(row -> row.getKey().grain()).toArray(String[]::new))
                .bind("buckets", rows.stream().map(row -> row.getKey().bucket().toString()).toArray(String[]::new))
                .bind("ns", rows.stream().map(row -> row.getValue().n()).toArray(Long[]::new))
                .bind("totals", rows.stream().map(row -> row.getValue().total().toPlainString()).toArray(String[]::new))
                .bind("lows", rows.stream().map(row -> row.getValue().low() == null ? "" : row.getValue().low().toPlainString()).toArray(String[]::new))
                .bind("highs", rows.stream().map(row -> row.getValue().high() == null ? "" : row.getValue().high().toPlainString()).toArray(String[]::new))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> notifyListeners(List<StoredEvent> events) {
        return Flux.fromStream(listeners.orderedStream()).concatMap(listener -> listener.storedAll(events)).then();
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
