package io.dropline.analytics.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of the deliveries: the schedule lives here, in PostgreSQL, so it survives restarts, and any number of runners
 * (replicas) share it. A runner claims due deliveries with {@code FOR UPDATE SKIP LOCKED} and a lease; another runner
 * skips locked rows and leased ones, so one attempt is made by one runner.
 */
@Repository
class DeliveryRepository {

    private final DatabaseClient db;
    private final TransactionalOperator transaction;

    DeliveryRepository(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    /**
     * One delivery per enabled endpoint of the tenant subscribed to the type (or to everything); none twice for one
     * (endpoint, event). Runs inside the transaction that stores the event.
     */
    Mono<Long> enqueueForEvent(UUID org, String env, UUID eventId, String type, Instant occurredAt, String payload, Instant now) {
        return db.sql("INSERT INTO webhook_deliveries (id, endpoint_id, organization_id, environment, event_id, event_type, "
                        + "occurred_at, payload, status, next_attempt_at, created_at, updated_at) "
                        + "SELECT gen_random_uuid(), e.id, e.organization_id, e.environment, :eventId, :type, :occurredAt, :payload, "
                        + "'pending', :now, :now, :now FROM webhook_endpoints e "
                        + "WHERE e.organization_id = :org AND e.environment = :env AND e.enabled "
                        + "AND e.events && ARRAY[:type, '*']::text[] "
                        + "ON CONFLICT (endpoint_id, event_id) DO NOTHING")
                .bind("eventId", eventId)
                .bind("type", type)
                .bind("occurredAt", occurredAt)
                .bind("payload", payload)
                .bind("now", now)
                .bind("org", org)
                .bind("env", env)
                .fetch().rowsUpdated();
    }

    /** {@link #enqueueForEvent} for many events at once: one statement, the same rows. */
    Mono<Long> enqueueForEvents(java.util.List<io.dropline.analytics.store.StoredEvent> events,
            java.util.function.Function<io.dropline.analytics.store.StoredEvent, String> payload, Instant now) {
        return db.sql("INSERT INTO webhook_deliveries (id, endpoint_id, organization_id, environment, event_id, event_type, "
                        + "occurred_at, payload, status, next_attempt_at, created_at, updated_at) "
                        + "SELECT gen_random_uuid(), e.id, e.organization_id, e.environment, x.i, x.t, CAST(x.at AS timestamptz), x.p, "
                        + "'pending', :now, :now, :now "
                        + "FROM unnest(CAST(:ids AS uuid[]), CAST(:orgs AS uuid[]), CAST(:envs AS text[]), CAST(:types AS text[]), "
                        + "CAST(:ats AS text[]), CAST(:payloads AS text[])) AS x(i, o, en, t, at, p) "
                        + "JOIN webhook_endpoints e ON e.organization_id = x.o AND e.environment = x.en AND e.enabled "
                        + "AND e.events && ARRAY[x.t, '*']::text[] "
                        + "ON CONFLICT (endpoint_id, event_id) DO NOTHING")
                .bind("ids", events.stream().map(io.dropline.analytics.store.StoredEvent::id).toArray(UUID[]::new))
                .bind("orgs", events.stream().map(io.dropline.analytics.store.StoredEvent::organizationId).toArray(UUID[]::new))
                .bind("envs", events.stream().map(io.dropline.analytics.store.StoredEvent::environment).toArray(String[]::new))
                .bind("types", events.stream().map(io.dropline.analytics.store.StoredEvent::type).toArray(String[]::new))
                .bind("ats", events.stream().map(event -> event.occurredAt().toString()).toArray(String[]::new))
                .bind("payloads", events.stream().map(payload).toArray(String[]::new))
                .bind("now", now)
                .fetch().rowsUpdated();
    }

    /**
     * One delivery of one event to one endpoint (test, replay). A delivery of that event that is still pending stays
     * as it is (it will be delivered; two in flight are never made); a finished one is re-armed for a new round.
     * True when something was (re-)armed.
     */
    Mono<Boolean> arm(UUID endpointId, UUID org, String env, UUID eventId, String type, Instant occurredAt, String payload,
            Instant now) {
        return db.sql("INSERT INTO webhook_deliveries AS d (id, endpoint_id, organization_id, environment, event_id, event_type, "
                        + "occurred_at, payload, status, next_attempt_at, created_at, updated_at) "
                        + "VALUES (gen_random_uuid(), :endpoint, :org, :env, :eventId, :type, :occurredAt, :payload, 'pending', :now, :now, :now) "
                        + "ON CONFLICT (endpoint_id, event_id) DO UPDATE SET status = 'pending', round_start = d.attempts, "
                        + "next_attempt_at = :now, last_error = NULL, payload = EXCLUDED.payload, updated_at = :now "
                        + "WHERE d.status <> 'pending'")
                .bind("endpoint", endpointId)
                .bind("org", org)
                .bind("env", env)
                .bind("eventId", eventId)
                .bind("type", type)
                .bind("occurredAt", occurredAt)
                .bind("payload", payload)
                .bind("now", now)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code runner} until {@code now + lease}, at most {@code free}
     * per endpoint (the endpoint's slots left in this process; endpoints not in the map have {@code perEndpoint}).
     * Rows locked by another runner's claim are skipped, leased rows are not due.
     */
    Mono<List<Delivery>> claim(String runner, Instant now, Duration lease, int limit, Map<UUID, Integer> busy, int perEndpoint) {
        return db.sql("SELECT id, endpoint_id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= :now "
                        + "AND (lease_until IS NULL OR lease_until < :now) ORDER BY next_attempt_at LIMIT :scan FOR UPDATE SKIP LOCKED")
                .bind("now", now)
                .bind("scan", limit * 4)
                .map(row -> new UUID[] {row.get("id", UUID.class), row.get("endpoint_id", UUID.class)})
                .all()
                .collectList()
                .flatMap(candidates -> {
                    Map<UUID, Integer> taken = new java.util.HashMap<>(busy);
                    List<UUID> chosen = new ArrayList<>();
                    for (UUID[] candidate : candidates) {
                        int used = taken.getOrDefault(candidate[1], 0);
                        if (chosen.size() < limit && used < perEndpoint) {
                            taken.put(candidate[1], used + 1);
                            chosen.add(candidate[0]);
                        }
                    }
                    if (chosen.isEmpty()) {
                        return Mono.just(List.<Delivery>of());
                    }
                    return db.sql("UPDATE webhook_deliveries SET lease_until = :until, leased_by = :runner, updated_at = :now "
                                    + "WHERE id = ANY(:ids) RETURNING " + Delivery.COLUMNS)
                            .bind("until", now.plus(lease))
                            .bind("runner", runner)
                            .bind("now", now)
                            .bind("ids", chosen.toArray(UUID[]::new))
                            .map(Delivery::from)
                            .all()
                            .collectList();
                })
                .as(transaction::transactional);
    }

    /** Records the attempt; fails on a second record of the same attempt number (see the table's key). */
    Mono<Void> recordAttempt(Delivery delivery, Instant at, long durationMs, Integer statusCode, String error, String runner) {
        GenericExecuteSpec spec = db.sql("INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, duration_ms, status_code, "
                        + "error, runner) VALUES (:id, :attempt, :at, :duration, :status, :error, :runner)")
                .bind("id", delivery.id())
                .bind("attempt", delivery.attempts() + 1)
                .bind("at", at)
                .bind("duration", (int) Math.min(Integer.MAX_VALUE, durationMs))
                .bind("runner", runner);
        spec = statusCode == null ? spec.bindNull("status", Integer.class) : spec.bind("status", statusCode);
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", error);
        return spec.fetch().rowsUpdated().then();
    }

    /** Ends the round ({@code succeeded}, {@code failed}, {@code gone}, {@code cancelled}) or schedules the next attempt. */
    Mono<Void> settle(Delivery delivery, String status, Instant nextAttemptAt, String error, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE webhook_deliveries SET status = :status, attempts = attempts + 1, "
                        + "next_attempt_at = :next, lease_until = NULL, leased_by = NULL, last_error = :error, updated_at = :now "
                        + "WHERE id = :id")
                .bind("status", status)
                .bind("id", delivery.id())
                .bind("now", now);
        spec = nextAttemptAt == null ? spec.bindNull("next", Instant.class) : spec.bind("next", nextAttemptAt);
        spec = error == null ? spec.bindNull("error", String.class) : spec.bind("error", error);
        return spec.fetch().rowsUpdated().then();
    }

    /** A delivery that was not attempted (its endpoint is disabled): closed without counting an attempt. */
    Mono<Void> cancel(Delivery delivery, String reason, Instant now) {
        return db.sql("UPDATE webhook_deliveries SET status = 'cancelled', lease_until = NULL, leased_by = NULL, "
                        + "last_error = :reason, updated_at = :now WHERE id = :id")
                .bind("reason", reason)
                .bind("now", now)
                .bind("id", delivery.id())
                .fetch().rowsUpdated().then();
    }

    /** A success resets the endpoint's failure run. */
    Mono<Void> endpointSucceeded(UUID endpoint, Instant now) {
        return db.sql("UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = :id "
                        + "AND consecutive_failures > 0")
                .bind("id", endpoint)
                .fetch().rowsUpdated().then();
    }

    /**
     * A failure extends the endpoint's run; one that reaches {@code threshold} failures and has lasted
     * {@code period} disables the endpoint. True when this failure disabled it.
     */
    Mono<Boolean> endpointFailed(UUID endpoint, Instant now, int threshold, Duration period) {
        return db.sql("UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, "
                        + "failing_since = COALESCE(failing_since, :now), "
                        + "enabled = enabled AND NOT (consecutive_failures + 1 >= :threshold AND COALESCE(failing_since, :now) <= :since), "
                        + "disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= :threshold "
                        + "AND COALESCE(failing_since, :now) <= :since THEN 'disabled after ' || (consecutive_failures + 1) "
                        + "|| ' consecutive failures' ELSE disabled_reason END, updated_at = :now "
                        + "WHERE id = :id RETURNING enabled, disabled_reason")
                .bind("id", endpoint)
                .bind("now", now)
                .bind("threshold", threshold)
                .bind("since", now.minus(period))
                .map(row -> !Boolean.TRUE.equals(row.get("enabled", Boolean.class))
                        && String.valueOf(row.get("disabled_reason", String.class)).startsWith("disabled after"))
                .one()
                .defaultIfEmpty(false);
    }

    /** 410 Gone: the receiver is removed; the endpoint is disabled. */
    Mono<Void> endpointGone(UUID endpoint, Instant now) {
        return db.sql("UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'receiver answered 410 Gone', "
                        + "updated_at = :now WHERE id = :id")
                .bind("id", endpoint)
                .bind("now", now)
                .fetch().rowsUpdated().then();
    }

    /** The endpoint's delivery log, newest first, each with its attempts. */
    Flux<Map<String, Object>> log(UUID endpoint, int limit) {
        return db.sql("SELECT d.id, d.event_id, d.event_type, d.status, d.attempts, d.round_start, d.next_attempt_at, "
                        + "d.last_error, d.created_at, d.updated_at, "
                        + "COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'attemptedAt', a.attempted_at, "
                        + "'durationMs', a.duration_ms, 'statusCode', a.status_code, 'error', a.error) ORDER BY a.attempt) "
                        + "FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]')::text AS attempt_log "
                        + "FROM webhook_deliveries d WHERE d.endpoint_id = :endpoint ORDER BY d.created_at DESC, d.id DESC LIMIT :limit")
                .bind("endpoint", endpoint)
                .bind("limit", limit)
                .map(row -> {
                    Map<String, Object> entry = new java.util.LinkedHashMap<>();
                    entry.put("id", io.dropline.contracts.id.Ids.format("whk", row.get("id", UUID.class)));
                    entry.put("eventId", io.dropline.contracts.id.Ids.format("evt", row.get("event_id", UUID.class)));
                    entry.put("eventType", row.get("event_type", String.class));
                    entry.put("status", row.get("status", String.class));
                    entry.put("attempts", row.get("attempts", Integer.class));
                    entry.put("nextAttemptAt", row.get("next_attempt_at", Instant.class));
                    entry.put("lastError", row.get("last_error", String.class));
                    entry.put("createdAt", row.get("created_at", Instant.class));
                    entry.put("updatedAt", row.get("updated_at", Instant.class));
                    entry.put("attemptLog", tools.jackson.databind.json.JsonMapper.shared().readTree(row.get("attempt_log", String.class)));
                    return entry;
                })
                .all();
    }
}
