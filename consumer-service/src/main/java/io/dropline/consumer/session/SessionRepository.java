package io.dropline.consumer.session;

import io.dropline.contracts.context.InternalContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for sessions, refresh tokens, exchange codes and external identities. Every statement is scoped by the
 * organization and environment of the internal context: a refresh token or exchange code of another tenant (or
 * of the other environment) is simply not found.
 */
@Repository
class SessionRepository {

    private static final String SCOPE = "organization_id = :org AND environment = :env";
    private static final String SESSION_SCOPE = "s.organization_id = :org AND s.environment = :env";

    /** Why a refresh token was refused: its session, and whether it had been used before. */
    record RefreshTokenState(UUID sessionId, boolean rotated) {
    }

    private final DatabaseClient db;

    SessionRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<SessionEntity> insertSession(InternalContext context, UUID id, UUID consumerId, SessionType type, Instant now,
            Instant expiresAt) {
        return scoped(db.sql("INSERT INTO consumer_sessions (id, organization_id, environment, consumer_id, type, created_at, "
                        + "expires_at) VALUES (:id, :org, :env, :consumer, :type, :now, :expiresAt) RETURNING " + SessionEntity.COLUMNS), context)
                .bind("id", id)
                .bind("consumer", consumerId)
                .bind("type", type.wire())
                .bind("now", now)
                .bind("expiresAt", expiresAt)
                .map(SessionEntity::from)
                .one();
    }

    /**
     * A batch of guests (GuestSessions), in ONE statement: each guest's consumer, its guest session and the
     * session's first refresh token. A single statement is atomic on its own (no BEGIN/COMMIT round trips), and
     * unnest turns the batch's arrays into rows, so the statement text is the same for every batch size (one
     * prepared statement). Each insert reads the rows its predecessor returned, so the foreign keys are met in order.
     * The consumers table belongs to the consumer feature; it is written here because the three rows of a guest
     * must commit together in the batch's one statement. Answers the refresh tokens inserted (the batch's size).
     */
    Mono<Long> insertGuests(List<GuestSessions.Guest> guests, Instant now, Instant expiresAt) {
        return db.sql("WITH guest AS (SELECT * FROM unnest(:orgs::uuid[], :envs::text[], :consumers::uuid[], :sessions::uuid[], "
                        + ":tokens::uuid[], :hashes::text[]) AS g(organization_id, environment, consumer_id, session_id, token_id, token_hash)), "
                        + "consumer AS (INSERT INTO consumers (id, organization_id, environment, created_at, updated_at) "
                        + "SELECT consumer_id, organization_id, environment, :now, :now FROM guest RETURNING id), "
                        + "session AS (INSERT INTO consumer_sessions (id, organization_id, environment, consumer_id, type, created_at, expires_at) "
                        + "SELECT g.session_id, g.organization_id, g.environment, g.consumer_id, :type, :now, :expiresAt "
                        + "FROM guest g JOIN consumer c ON c.id = g.consumer_id RETURNING id) "
                        + "INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at) "
                        + "SELECT g.token_id, g.session_id, decode(g.token_hash, 'hex'), :now, :expiresAt "
                        + "FROM guest g JOIN session s ON s.id = g.session_id")
                .bind("orgs", guests.stream().map(GuestSessions.Guest::organizationId).toArray(UUID[]::new))
                .bind("envs", guests.stream().map(GuestSessions.Guest::environment).toArray(String[]::new))
                .bind("consumers", guests.stream().map(GuestSessions.Guest::consumerId).toArray(UUID[]::new))
                .bind("sessions", guests.stream().map(GuestSessions.Guest::sessionId).toArray(UUID[]::new))
                .bind("tokens", guests.stream().map(GuestSessions.Guest::refreshTokenId).toArray(UUID[]::new))
                .bind("hashes", guests.stream().map(guest -> HexFormat.of().formatHex(guest.refreshTokenHash())).toArray(String[]::new))
                .bind("type", SessionType.GUEST.wire())
                .bind("now", now)
                .bind("expiresAt", expiresAt)
                .fetch()
                .rowsUpdated();
    }

    /** A new refresh token of a session, which then lives until that token expires. */
    Mono<Void> insertRefreshToken(UUID sessionId, UUID id, byte[] hash, Instant now, Instant expiresAt) {
        return db.sql("WITH token AS (INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at) "
                        + "VALUES (:id, :session, :hash, :now, :expiresAt)) "
                        + "UPDATE consumer_sessions SET expires_at = :expiresAt WHERE id = :session")
                .bind("id", id)
                .bind("session", sessionId)
                .bind("hash", hash)
                .bind("now", now)
                .bind("expiresAt", expiresAt)
                .then();
    }

    /**
     * Marks a live refresh token used, in one statement, and answers its session; empty when the token is unknown
     * to this tenant, expired, revoked, already used, or its session is over. Two concurrent uses of one token:
     * exactly one wins, the other is treated as reuse.
     */
    Mono<SessionEntity> rotateRefreshToken(InternalContext context, byte[] hash, Instant now) {
        return scoped(db.sql("UPDATE refresh_tokens t SET rotated_at = :now FROM consumer_sessions s "
                        + "WHERE t.token_hash = :hash AND t.session_id = s.id AND " + SESSION_SCOPE
                        + " AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > :now"
                        + " AND s.revoked_at IS NULL AND s.expires_at > :now RETURNING " + SessionEntity.ALIASED_COLUMNS), context)
                .bind("hash", hash)
                .bind("now", now)
                .map(SessionEntity::from)
                .one();
    }

    Mono<RefreshTokenState> findRefreshToken(InternalContext context, byte[] hash) {
        return scoped(db.sql("SELECT t.session_id, t.rotated_at IS NOT NULL AS rotated FROM refresh_tokens t "
                        + "JOIN consumer_sessions s ON s.id = t.session_id WHERE t.token_hash = :hash AND " + SESSION_SCOPE), context)
                .bind("hash", hash)
                .map(row -> new RefreshTokenState(row.get("session_id", UUID.class), Boolean.TRUE.equals(row.get("rotated", Boolean.class))))
                .one();
    }

    /** Revokes a session of this tenant and all its refresh tokens; answers 1 when the session exists (revoked before or now). */
    Mono<Long> revokeSession(InternalContext context, UUID sessionId, Instant now) {
        return scoped(db.sql("WITH session AS (UPDATE consumer_sessions SET revoked_at = coalesce(revoked_at, :now) "
                        + "WHERE id = :id AND " + SCOPE + " RETURNING id), "
                        + "tokens AS (UPDATE refresh_tokens SET revoked_at = :now WHERE session_id IN (SELECT id FROM session) "
                        + "AND revoked_at IS NULL) SELECT count(*) AS revoked FROM session"), context)
                .bind("id", sessionId)
                .bind("now", now)
                .map(row -> row.get("revoked", Long.class))
                .one();
    }

    /** A revocation and when it happened: its tokens are alive until {@code revokedAt} plus the token lifetime. */
    record Revocation(UUID sessionId, Instant revokedAt) {
    }

    /**
     * Whether a session's tokens must be refused, for the gateway while its cache cannot say: revoked, or unknown
     * (a session that does not exist has no valid tokens). Not scoped by tenant: the session id comes from a token
     * whose signature and tenant the gateway has already checked.
     */
    Mono<Boolean> isRevoked(UUID sessionId) {
        return db.sql("SELECT revoked_at IS NOT NULL AS revoked FROM consumer_sessions WHERE id = :id")
                .bind("id", sessionId)
                .map(row -> Boolean.TRUE.equals(row.get("revoked", Boolean.class)))
                .one()
                .defaultIfEmpty(true);
    }

    /** Every revocation since {@code since}, across tenants: what the cache must hold after Redis lost its data. */
    Flux<Revocation> revokedSince(Instant since) {
        return db.sql("SELECT id, revoked_at FROM consumer_sessions WHERE revoked_at IS NOT NULL AND revoked_at > :since")
                .bind("since", since)
                .map(row -> new Revocation(row.get("id", UUID.class), row.get("revoked_at", Instant.class)))
                .all();
    }

    /** Revocations the cache may lack because their Redis write failed, oldest first. */
    Flux<Revocation> uncachedRevocations(int limit) {
        return db.sql("SELECT id, revoked_at FROM consumer_sessions WHERE revoked_at IS NOT NULL AND revocation_cached_at IS NULL "
                        + "ORDER BY revoked_at LIMIT :limit")
                .bind("limit", limit)
                .map(row -> new Revocation(row.get("id", UUID.class), row.get("revoked_at", Instant.class)))
                .all();
    }

    /** Notes that the cache holds these revocations. */
    Mono<Void> markCached(Collection<UUID> sessionIds, Instant now) {
        return db.sql("UPDATE consumer_sessions SET revocation_cached_at = :now WHERE id = ANY(:ids)")
                .bind("ids", sessionIds.toArray(UUID[]::new))
                .bind("now", now)
                .then();
    }

    Mono<Void> insertExchangeCode(InternalContext context, byte[] hash, UUID consumerId, Instant now, Instant expiresAt) {
        return scoped(db.sql("INSERT INTO exchange_codes (code_hash, organization_id, environment, consumer_id, created_at, expires_at) "
                        + "VALUES (:hash, :org, :env, :consumer, :now, :expiresAt)"), context)
                .bind("hash", hash)
                .bind("consumer", consumerId)
                .bind("now", now)
                .bind("expiresAt", expiresAt)
                .then();
    }

    /** Uses an exchange code exactly once: answers its consumer, or empty when unknown, expired or used. */
    Mono<UUID> useExchangeCode(InternalContext context, byte[] hash, Instant now) {
        return scoped(db.sql("UPDATE exchange_codes SET used_at = :now WHERE code_hash = :hash AND " + SCOPE
                        + " AND used_at IS NULL AND expires_at > :now RETURNING consumer_id"), context)
                .bind("hash", hash)
                .bind("now", now)
                .map(row -> row.get("consumer_id", UUID.class))
                .one();
    }

    Mono<UUID> findIdentity(InternalContext context, String provider, String issuer, String subject) {
        return scoped(db.sql("SELECT consumer_id FROM external_identities WHERE " + SCOPE
                        + " AND provider = :provider AND issuer = :issuer AND subject = :subject"), context)
                .bind("provider", provider)
                .bind("issuer", issuer)
                .bind("subject", subject)
                .map(row -> row.get("consumer_id", UUID.class))
                .one();
    }

    /** Links an identity to a consumer; empty when a concurrent sign-in linked it first. */
    Mono<UUID> insertIdentity(InternalContext context, UUID id, String provider, String issuer, String subject,
            UUID consumerId, Instant now) {
        return scoped(db.sql("INSERT INTO external_identities (id, organization_id, environment, provider, issuer, subject, "
                        + "consumer_id, created_at) VALUES (:id, :org, :env, :provider, :issuer, :subject, :consumer, :now) "
                        + "ON CONFLICT DO NOTHING RETURNING consumer_id"), context)
                .bind("id", id)
                .bind("provider", provider)
                .bind("issuer", issuer)
                .bind("subject", subject)
                .bind("consumer", consumerId)
                .bind("now", now)
                .map(row -> row.get("consumer_id", UUID.class))
                .one();
    }

    private static GenericExecuteSpec scoped(GenericExecuteSpec spec, InternalContext context) {
        return spec.bind("org", context.organizationId()).bind("env", context.environment().wire());
    }
}
