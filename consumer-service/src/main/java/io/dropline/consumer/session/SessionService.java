package io.dropline.consumer.session;

import com.nimbusds.jwt.JWTClaimsSet;
import io.dropline.consumer.config.SessionProperties;
import io.dropline.consumer.consumer.ConsumerProfile;
import io.dropline.consumer.consumer.ConsumerService;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.RequestLog;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * Consumer sessions: guest and external sign-in, refresh-token rotation with reuse detection, logout, and the
 * access tokens they hand out. Database writes of one step share a transaction; tokens are signed after it
 * commits, so a failed commit never hands out a token for a session that does not exist.
 */
@Service
class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final SessionRepository repository;
    private final GuestSessions guests;
    private final ConsumerService consumers;
    private final AccessTokenSigner signer;
    private final SessionSecrets secrets;
    private final SessionRevocations revocations;
    private final SessionProperties properties;
    private final TransactionalOperator transaction;
    private final Clock clock;

    /** A session with its newest refresh token (plaintext, shown once) and its consumer. */
    private record Opened(SessionEntity session, String refreshToken, ConsumerProfile consumer) {
    }

    /** Two sign-ins of a new external identity raced; the loser's transaction is rolled back and tried again. */
    private static final class IdentityRace extends RuntimeException {
        IdentityRace() {
            super("External identity linked concurrently", null, false, false);
        }
    }

    SessionService(SessionRepository repository, GuestSessions guests, ConsumerService consumers, AccessTokenSigner signer,
            SessionSecrets secrets, SessionRevocations revocations, SessionProperties properties,
            TransactionalOperator transaction, Clock clock) {
        this.repository = repository;
        this.guests = guests;
        this.consumers = consumers;
        this.signer = signer;
        this.secrets = secrets;
        this.revocations = revocations;
        this.properties = properties;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * {@code POST /auth/guest}: a new consumer with no profile, and a guest session for it. The three rows are
     * group-committed with concurrent guests' (GuestSessions); the token is signed once they are committed.
     */
    Mono<SessionBundle> startGuest(InternalContext context) {
        return Mono.fromSupplier(() -> newGuest(context))
                .flatMap(guest -> guests.create(guest.rows())
                        .map(committed -> guest.opened(context, committed)))
                .flatMap(opened -> bundle(context, opened));
    }

    /** A guest before its batch: the rows to insert, and the refresh token whose hash they hold. */
    private record NewGuest(GuestSessions.Guest rows, String refreshToken) {

        Opened opened(InternalContext context, GuestSessions.Committed committed) {
            SessionEntity session = new SessionEntity(rows.sessionId(), context.organizationId(), rows.environment(),
                    rows.consumerId(), SessionType.GUEST, committed.at(), committed.expiresAt(), null);
            return new Opened(session, refreshToken, new ConsumerProfile(rows.consumerId(), null, null, null, committed.at()));
        }
    }

    private NewGuest newGuest(InternalContext context) {
        ConsumerCallers.requireConsumerApi(context);
        String token = secrets.newRefreshToken();
        return new NewGuest(new GuestSessions.Guest(context.organizationId(), context.environment().wire(), Ids.newUuid(),
                Ids.newUuid(), Ids.newUuid(), SessionSecrets.hash(token)), token);
    }

    /**
     * {@code POST /auth/external/authorize}: the merchant's backend vouches for an identity of its own identity
     * provider; the consumer is found (or made) by (provider, issuer, subject) and the browser gets a one-time code.
     */
    Mono<ExchangeCodeResponse> authorizeExternal(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> validatedAuthorize(context, body))
                .flatMap(request -> linkedConsumer(context, request)
                        .as(transaction::transactional)
                        .retryWhen(Retry.max(1).filter(IdentityRace.class::isInstance)))
                .flatMap(consumerId -> issueExchangeCode(context, consumerId));
    }

    /** {@code POST /auth/external/exchange}: a valid, unused, unexpired code becomes an authenticated session. */
    Mono<SessionBundle> exchange(InternalContext context, JsonNode body) {
        Instant now = now();
        return Mono.fromSupplier(() -> validatedSecret(context, body, SessionRequests::exchangeCode))
                .flatMap(code -> repository.useExchangeCode(context, SessionSecrets.hash(code), now))
                .switchIfEmpty(Mono.error(() -> ConsumerCallers.unauthorized("Invalid exchange code")))
                .flatMap(consumerId -> consumers.findProfile(context, consumerId))
                .flatMap(consumer -> open(context, consumer, SessionType.AUTHENTICATED))
                .as(transaction::transactional)
                .flatMap(opened -> bundle(context, opened));
    }

    /**
     * {@code POST /auth/refresh}: rotates the refresh token. A token that was already rotated means it leaked (or
     * a client raced itself): the whole session is revoked, and the answer is the same 401 as for an unknown token.
     */
    Mono<SessionBundle> refresh(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> SessionSecrets.hash(validatedSecret(context, body, SessionRequests::refreshToken)))
                .flatMap(hash -> rotate(context, hash).switchIfEmpty(Mono.defer(() -> refuseRefresh(context, hash))))
                .flatMap(opened -> bundle(context, opened));
    }

    /** {@code POST /auth/logout}: revokes the session of the presented access token and all its refresh tokens. */
    Mono<Void> logout(InternalContext context, String authorization) {
        return Mono.fromSupplier(() -> presentedToken(context, authorization))
                .flatMap(token -> signer.verify(token.token())
                        .map(claims -> sessionOf(context, token.consumerId(), claims)))
                .flatMap(sessionId -> revoke(context, sessionId));
    }

    /** {@code GET /internal/jwks}: for the gateway (or another service); never routed from outside. */
    Mono<Map<String, Object>> jwks(InternalContext context) {
        return Mono.fromRunnable(() -> requireInternal(context)).then(signer.jwks());
    }

    /**
     * {@code GET /internal/sessions/{id}/revocation}: for the gateway (never routed from outside), from PostgreSQL.
     * An id that is not a session id is answered as revoked: no valid token carries it.
     */
    Mono<SessionRevocationResponse> revocation(InternalContext context, String sessionId) {
        return Mono.fromRunnable(() -> requireInternal(context))
                .then(Mono.justOrEmpty(Ids.parse(SessionIds.SESSION, sessionId)))
                .flatMap(repository::isRevoked)
                .defaultIfEmpty(true)
                .map(revoked -> new SessionRevocationResponse(sessionId, revoked));
    }

    private Mono<Opened> rotate(InternalContext context, byte[] hash) {
        return repository.rotateRefreshToken(context, hash, now())
                .flatMap(session -> consumers.findProfile(context, session.consumerId())
                        .flatMap(consumer -> withNewRefreshToken(session, consumer)))
                .as(transaction::transactional);
    }

    private Mono<Opened> refuseRefresh(InternalContext context, byte[] hash) {
        return repository.findRefreshToken(context, hash)
                .filter(SessionRepository.RefreshTokenState::rotated)
                .doOnNext(reused -> RequestLog.with(context, () -> log.warn(
                        "A rotated refresh token of session {} was presented again; revoking the session",
                        SessionIds.session(reused.sessionId()))))
                .flatMap(reused -> revoke(context, reused.sessionId()))
                .then(Mono.error(() -> ConsumerCallers.unauthorized("invalid refresh token")));
    }

    /** Revokes in PostgreSQL (the fact), then caches it for the gateway (SessionRevocations). */
    private Mono<Void> revoke(InternalContext context, UUID sessionId) {
        Instant now = now();
        return repository.revokeSession(context, sessionId, now)
                .as(transaction::transactional)
                .filter(count -> count > 0)
                .flatMap(found -> revocations.publish(sessionId, now));
    }

    private Mono<Opened> open(InternalContext context, ConsumerProfile consumer, SessionType type) {
        Instant now = now();
        return repository.insertSession(context, Ids.newUuid(), consumer.id(), type, now, now.plus(properties.refreshTokenTtl()))
                .flatMap(session -> withNewRefreshToken(session, consumer));
    }

    private Mono<Opened> withNewRefreshToken(SessionEntity session, ConsumerProfile consumer) {
        Instant now = now();
        Instant expiresAt = now.plus(properties.refreshTokenTtl());
        String token = secrets.newRefreshToken();
        return repository.insertRefreshToken(session.id(), Ids.newUuid(), SessionSecrets.hash(token), now, expiresAt)
                .thenReturn(new Opened(withExpiry(session, expiresAt), token, consumer));
    }

    private Mono<SessionBundle> bundle(InternalContext context, Opened opened) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(properties.accessTokenTtl());
        SessionEntity session = opened.session();
        return signer.sign(new AccessTokenSigner.Claims(SessionIds.consumer(session.consumerId()),
                        Ids.format(SessionIds.ORGANIZATION, context.organizationId()), context.environment().wire(),
                        SessionIds.session(session.id()), session.type(), issuedAt, expiresAt))
                .map(token -> new SessionBundle(SessionBundle.SessionView.from(session, opened.consumer()), token,
                        opened.refreshToken(), properties.refreshTokenTtl().toSeconds(), expiresAt));
    }

    private Mono<UUID> linkedConsumer(InternalContext context, SessionRequests.Authorize request) {
        return repository.findIdentity(context, request.provider(), request.issuer(), request.subject())
                .switchIfEmpty(Mono.defer(() -> linkNewConsumer(context, request)))
                .flatMap(consumerId -> consumers.fillMissing(context, consumerId, request.email(), request.name()))
                .map(ConsumerProfile::id);
    }

    private Mono<UUID> linkNewConsumer(InternalContext context, SessionRequests.Authorize request) {
        return consumers.createForSignIn(context, request.email(), request.name())
                .flatMap(consumer -> repository.insertIdentity(context, Ids.newUuid(), request.provider(), request.issuer(),
                        request.subject(), consumer.id(), now()))
                .switchIfEmpty(Mono.error(IdentityRace::new));
    }

    private Mono<ExchangeCodeResponse> issueExchangeCode(InternalContext context, UUID consumerId) {
        Instant now = now();
        Instant expiresAt = now.plus(properties.exchangeCodeTtl());
        String code = secrets.newExchangeCode();
        return repository.insertExchangeCode(context, SessionSecrets.hash(code), consumerId, now, expiresAt)
                .thenReturn(new ExchangeCodeResponse(code, expiresAt));
    }

    private record PresentedToken(String token, String consumerId) {
    }

    private static PresentedToken presentedToken(InternalContext context, String authorization) {
        ConsumerCallers.requireConsumer(context);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 8192) {
            throw ConsumerCallers.unauthorized("Consumer access token required");
        }
        return new PresentedToken(authorization.substring(7).trim(), context.principal().id());
    }

    /** The session of a token this service signed, for the consumer and tenant the gateway vouched for. */
    private static UUID sessionOf(InternalContext context, String consumerId, Optional<JWTClaimsSet> verified) {
        JWTClaimsSet claims = verified.orElseThrow(SessionService::invalidAccessToken);
        try {
            if (!consumerId.equals(claims.getSubject())
                    || !Ids.format(SessionIds.ORGANIZATION, context.organizationId()).equals(claims.getStringClaim("organizationId"))
                    || !context.environment().wire().equals(claims.getStringClaim("environment"))) {
                throw invalidAccessToken();
            }
            return Ids.parse(SessionIds.SESSION, claims.getStringClaim("sessionId")).orElseThrow(SessionService::invalidAccessToken);
        } catch (ParseException wrongType) {
            throw invalidAccessToken();
        }
    }

    private static ApiException invalidAccessToken() {
        return ConsumerCallers.unauthorized("Invalid access token");
    }

    private static SessionRequests.Authorize validatedAuthorize(InternalContext context, JsonNode body) {
        ConsumerCallers.requireAdminApi(context);
        return SessionRequests.authorize(body);
    }

    private static String validatedSecret(InternalContext context, JsonNode body,
            java.util.function.Function<JsonNode, String> parse) {
        ConsumerCallers.requireConsumerApi(context);
        return parse.apply(body);
    }

    private static void requireInternal(InternalContext context) {
        if (context.surface() != ApiSurface.INTERNAL) {
            throw ApiException.notFound("Resource");
        }
    }

    private static SessionEntity withExpiry(SessionEntity session, Instant expiresAt) {
        return new SessionEntity(session.id(), session.organizationId(), session.environment(), session.consumerId(),
                session.type(), session.createdAt(), expiresAt, session.revokedAt());
    }

    /** PostgreSQL keeps microseconds; truncating here makes responses equal what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
