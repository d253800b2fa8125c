package io.dropline.gateway.idempotency;

import io.dropline.contracts.id.Ids;
import io.dropline.gateway.config.IdempotencyProperties;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code idempotency_keys} table (V4). Every transition is one statement keyed by the row's primary key and, for
 * the holder's own transitions, by its claim ({@code owner}), so concurrent gateways never need a transaction:
 * PostgreSQL's row lock on the conflicting insert decides who holds a key.
 */
@Service
class IdempotencyKeys {

    /** What a claim found. */
    sealed interface Claim {
    }

    /** The key is ours: run the request, then {@link #complete} or {@link #release}. */
    record Claimed(UUID owner) implements Claim {
    }

    /** The key's first answer, to replay. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** The key was used with another request (method, path or body). */
    record Reused() implements Claim {
    }

    /** Another attempt holds the key; its lease ends in {@code retryAfterSeconds} at the latest. */
    record InFlight(long retryAfterSeconds) implements Claim {
    }

    /** The key's request completed, but its answer was too large to store: it is not run again, nor replayed. */
    record NotStored(int status) implements Claim {
    }

    /** A completed answer as stored. */
    record StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {
    };
    /** A claim that lost a race with a release or the sweep tries again, this many times in all. */
    private static final int CLAIM_ATTEMPTS = 3;

    private final DatabaseClient db;
    private final JsonMapper json;
    private final IdempotencyProperties properties;

    IdempotencyKeys(DatabaseClient db, JsonMapper json, IdempotencyProperties properties) {
        this.db = db;
        this.json = json;
        this.properties = properties;
    }

    /**
     * Takes the key for this attempt when it is new, expired, or held by an attempt whose lease lapsed (a gateway that
     * died mid-request) for the same request; otherwise says what holds it.
     */
    Mono<Claim> claim(IdempotentRequest request) {
        // Ids.newUuid, not UUID.randomUUID: the latter reads SecureRandom (/dev/urandom) on the event loop.
        return claim(request, Ids.newUuid(), CLAIM_ATTEMPTS);
    }

    private Mono<Claim> claim(IdempotentRequest request, UUID owner, int attemptsLeft) {
        return insertOrTakeOver(request, owner)
                .switchIfEmpty(Mono.defer(() -> existing(request)))
                // Neither ours nor anyone's: released or swept between the two statements. Claim again.
                .switchIfEmpty(Mono.defer(() -> attemptsLeft > 1 ? claim(request, owner, attemptsLeft - 1)
                        : Mono.just(new InFlight(1))));
    }

    private Mono<Claim> insertOrTakeOver(IdempotentRequest request, UUID owner) {
        return db.sql("""
                        INSERT INTO idempotency_keys AS k (organization_id, environment, scope, idempotency_key, request_hash,
                                state, owner, locked_until, created_at, expires_at)
                        VALUES ($1, $2, $3, $4, $5, 'in_flight', $6, now() + ($7::double precision) * interval '1 millisecond', now(),
                                now() + ($8::double precision) * interval '1 millisecond')
                        ON CONFLICT (organization_id, environment, scope, idempotency_key) DO UPDATE
                        SET request_hash = EXCLUDED.request_hash, state = 'in_flight', owner = EXCLUDED.owner,
                            locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
                            expires_at = EXCLUDED.expires_at, response_status = NULL, response_headers = NULL,
                            response_body = NULL, completed_at = NULL
                        WHERE k.expires_at <= now()
                           OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.request_hash = EXCLUDED.request_hash)
                        RETURNING owner""")
                .bind(0, request.organizationId()).bind(1, request.environment().wire()).bind(2, request.scope())
                .bind(3, request.key()).bind(4, request.hash()).bind(5, owner)
                .bind(6, properties.lease().toMillis()).bind(7, properties.ttl().toMillis())
                .map(row -> (Claim) new Claimed(row.get("owner", UUID.class)))
                .one();
    }

    private Mono<Claim> existing(IdempotentRequest request) {
        return db.sql("""
                        SELECT request_hash, state, response_status, response_headers::text AS response_headers,
                               response_body, expires_at <= now() AS expired,
                               ceil(extract(epoch FROM (locked_until - now())))::bigint AS lease_seconds
                        FROM idempotency_keys
                        WHERE organization_id = $1 AND environment = $2 AND scope = $3 AND idempotency_key = $4""")
                .bind(0, request.organizationId()).bind(1, request.environment().wire()).bind(2, request.scope())
                .bind(3, request.key())
                .map(row -> found(request, row))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    /** Empty when the row is claimable after all (it expired, or its lease lapsed, since the insert looked). */
    private Optional<Claim> found(IdempotentRequest request, Readable row) {
        if (Boolean.TRUE.equals(row.get("expired", Boolean.class))) {
            return Optional.empty();
        }
        if (!request.sameRequestAs(row.get("request_hash", byte[].class))) {
            return Optional.of(new Reused());
        }
        if ("completed".equals(row.get("state", String.class))) {
            int status = row.get("response_status", Integer.class);
            byte[] body = row.get("response_body", byte[].class);
            if (body == null) {
                return Optional.of(new NotStored(status));
            }
            String headers = row.get("response_headers", String.class);
            return Optional.of(new Replay(new StoredResponse(status,
                    headers == null ? Map.of() : json.readValue(headers, HEADERS), body)));
        }
        Long leaseSeconds = row.get("lease_seconds", Long.class);
        if (leaseSeconds == null || leaseSeconds <= 0) {
            return Optional.empty();
        }
        return Optional.of(new InFlight(leaseSeconds));
    }

    /**
     * Records the answer of the holder's attempt ({@code body} null: too large to store). False when the claim was
     * lost meanwhile (its lease lapsed and another attempt took the key): nothing is written then.
     */
    Mono<Boolean> complete(IdempotentRequest request, UUID owner, int status, HttpHeaders headers, byte[] body) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.forEach(kept::put);
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        UPDATE idempotency_keys
                        SET state = 'completed', owner = NULL, locked_until = NULL, response_status = $6,
                            response_headers = $7, response_body = $8, completed_at = now()
                        WHERE organization_id = $1 AND environment = $2 AND scope = $3 AND idempotency_key = $4
                          AND owner = $5""")
                .bind(0, request.organizationId()).bind(1, request.environment().wire()).bind(2, request.scope())
                .bind(3, request.key()).bind(4, owner).bind(5, status)
                .bind(6, Json.of(json.writeValueAsString(kept)));
        spec = body == null ? spec.bindNull(7, byte[].class) : spec.bind(7, body);
        return spec.fetch().rowsUpdated().map(updated -> updated > 0);
    }

    /** Frees the key at once (the attempt failed in a way a retry may repeat: a 5xx), if the claim is still ours. */
    Mono<Void> release(IdempotentRequest request, UUID owner) {
        return db.sql("""
                        DELETE FROM idempotency_keys
                        WHERE organization_id = $1 AND environment = $2 AND scope = $3 AND idempotency_key = $4
                          AND owner = $5""")
                .bind(0, request.organizationId()).bind(1, request.environment().wire()).bind(2, request.scope())
                .bind(3, request.key()).bind(4, owner)
                .then();
    }

    /** Extends the holder's lease by a full lease from now; false when the claim is no longer ours. */
    Mono<Boolean> renew(IdempotentRequest request, UUID owner) {
        return db.sql("""
                        UPDATE idempotency_keys SET locked_until = now() + ($6::double precision) * interval '1 millisecond'
                        WHERE organization_id = $1 AND environment = $2 AND scope = $3 AND idempotency_key = $4
                          AND owner = $5 AND state = 'in_flight'""")
                .bind(0, request.organizationId()).bind(1, request.environment().wire()).bind(2, request.scope())
                .bind(3, request.key()).bind(4, owner).bind(5, properties.lease().toMillis())
                .fetch().rowsUpdated().map(updated -> updated > 0);
    }

    /**
     * Deletes up to one batch of expired keys (completed, or in flight with a lapsed lease), oldest first. Replicas
     * sweeping at once skip each other's locked rows instead of waiting on them.
     */
    Mono<Long> sweepBatch() {
        return db.sql("""
                        DELETE FROM idempotency_keys
                        WHERE (organization_id, environment, scope, idempotency_key) IN (
                            SELECT organization_id, environment, scope, idempotency_key FROM idempotency_keys
                            WHERE expires_at <= now() AND (state = 'completed' OR locked_until <= now())
                            ORDER BY expires_at
                            LIMIT $1
                            FOR UPDATE SKIP LOCKED)""")
                .bind(0, properties.sweepBatch())
                .fetch().rowsUpdated();
    }
}
