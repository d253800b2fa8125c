package io.dropline.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.session.RevocationKeys;
import io.dropline.gateway.caller.AuthenticatedKey;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Verifies consumer access tokens offline (api-decisions.md, "Consumer tokens"): ES256 only, a key from
 * consumer-service's JWKS ({@link ConsumerJwks}), issuer {@code dropline-consumer}, audience {@code dropline},
 * lifetime within a small clock skew, and the token's organization and environment equal to the publishable
 * key's — a token of another tenant is as invalid as a forged one. Last, revocation: one Redis {@code MGET} of
 * the session's key {@code <ns>:sess:revoked:<sessionId>} (consumer-service writes it on logout and on
 * refresh-token reuse) and of the cache's {@code complete} marker ({@link RevocationKeys}), so a revoked session's
 * tokens stop at the next request instead of at their expiry. A missing key means "not revoked" only while the
 * marker says the cache is whole; when Redis lost its data or cannot answer, consumer-service is asked (PostgreSQL,
 * the source of truth) and, if it cannot answer either, the request gets 503. Never waved through.
 */
public class JwksConsumerTokenVerifier implements ConsumerTokenVerifier {

    static final String ISSUER = "dropline-consumer";
    static final String AUDIENCE = "dropline";
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final long WARN_INTERVAL_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(JwksConsumerTokenVerifier.class);

    private final ConsumerJwks jwks;
    private final RevocationCacheReads redis;
    private final String namespace;
    private final Duration skew;
    private final Duration revocationTimeout;
    private final ConsumerSessions sessions;
    private final String completeKey;
    private final Clock clock;
    private final AtomicLong lastRevocationWarning = new AtomicLong();

    /** A token whose signature and claims check out, before the revocation check. */
    private record Verified(String consumerId, String sessionId, boolean guest, Instant expiresAt) {
    }

    /** Upper bound on how long an entry is kept, whatever the token's own expiry says. */
    private static final Duration LONGEST_REMEMBERED = Duration.ofHours(2);

    /**
     * Tokens already verified, by a hash of the token and the key's tenant: a consumer polling their status presents
     * the same token many times, and an ES256 signature check costs far more than the rest of the request (JDK 17's
     * SunEC: under a burst of first-time joins it was 62.6 % of the gateway's samples, issue 16). Tokens consumer-service
     * issues through this gateway are put here at issuance ({@link #remember}), so even their first use skips it. An
     * entry lives until its token expires (plus the skew); expiry is re-checked on every hit and revocation is still
     * asked for every request, so the cache changes no answer.
     */
    private final Cache<String, Verified> verifiedTokens;
    /** A token whose header is acceptable, waiting for its key. */
    private record Parsed(SignedJWT jwt, String kid) {
    }

    JwksConsumerTokenVerifier(ConsumerJwks jwks, RevocationCacheReads redis, String namespace,
            Duration skew, Duration revocationTimeout, ConsumerSessions sessions, Clock clock) {
        this(jwks, redis, namespace, skew, revocationTimeout, sessions, clock, 50_000);
    }

    JwksConsumerTokenVerifier(ConsumerJwks jwks, RevocationCacheReads redis, String namespace,
            Duration skew, Duration revocationTimeout, ConsumerSessions sessions, Clock clock, long rememberedTokens) {
        this.verifiedTokens = Caffeine.newBuilder()
                .maximumSize(rememberedTokens)
                .expireAfter(Expiry.<String, Verified>creating((cacheKey, verified) -> untilExpiry(verified, skew, clock)))
                .build();
        this.jwks = jwks;
        this.redis = redis;
        this.namespace = namespace;
        this.skew = skew;
        this.revocationTimeout = revocationTimeout;
        this.sessions = sessions;
        this.completeKey = RevocationKeys.complete(namespace);
        this.clock = clock;
    }

    @Override
    public Mono<ConsumerSession> session(String token, AuthenticatedKey key) {
        return Mono.fromCallable(() -> cacheKey(token, key))
                .flatMap(cacheKey -> Mono.justOrEmpty(unexpired(verifiedTokens.getIfPresent(cacheKey)))
                        .switchIfEmpty(Mono.defer(() -> verifySignature(token, key)
                                .doOnNext(verified -> verifiedTokens.put(cacheKey, verified)))))
                .flatMap(this::notRevoked)
                .map(verified -> new ConsumerSession(verified.guest()
                        ? Principal.guest(verified.consumerId(), key.publicKeyId())
                        : Principal.consumer(verified.consumerId(), key.publicKeyId()), verified.sessionId()))
                // Only our own answers (401, 503) pass; anything a hostile token provokes is a 401.
                .onErrorMap(failed -> !(failed instanceof ApiException), failed -> invalid());
    }

    @Override
    public Mono<Void> requireActive(String sessionId) {
        // The same check (Redis cache, else consumer-service) a token's every use goes through.
        return notRevoked(new Verified(null, sessionId, false, Instant.MAX)).then()
                .onErrorMap(failed -> !(failed instanceof ApiException), failed -> invalid());
    }

    /**
     * A token consumer-service has just issued, read from its answer as it passed through this gateway (guest
     * session, refresh, external exchange; {@link IssuedTokenFilter}): it came over the internal hop from the signer
     * itself, so its signature needs no check. Everything else is checked exactly as on use (header, issuer,
     * audience, lifetime, the tenant of the key it was issued to), and only then is it remembered as verified.
     * Revocation is untouched: every use still asks the revocation cache or consumer-service. A token that fails a
     * check is simply not remembered (its use then goes through the full verification and fails there).
     */
    @Override
    public boolean remember(String token, AuthenticatedKey key) {
        try {
            Parsed parsed = parse(token);
            Verified verified = checkedClaims(parsed.jwt(), key);
            verifiedTokens.put(cacheKey(token, key), verified);
            return true;
        } catch (ParseException | NoSuchAlgorithmException | RuntimeException notRemembered) {
            return false;
        }
    }

    private static Duration untilExpiry(Verified verified, Duration skew, Clock clock) {
        Duration left = Duration.between(clock.instant(), verified.expiresAt().plus(skew));
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(LONGEST_REMEMBERED) > 0 ? LONGEST_REMEMBERED : left;
    }

    private Mono<Verified> verifySignature(String token, AuthenticatedKey key) {
        return Mono.fromCallable(() -> parse(token))
                .flatMap(parsed -> jwks.key(parsed.kid())
                        .switchIfEmpty(Mono.error(JwksConsumerTokenVerifier::invalid))
                        .map(publicKey -> verified(parsed.jwt(), publicKey, key)));
    }

    private Verified unexpired(Verified cached) {
        return cached != null && cached.expiresAt().plus(skew).isAfter(clock.instant()) ? cached : null;
    }

    private static String cacheKey(String token, AuthenticatedKey key) throws NoSuchAlgorithmException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest) + "|" + key.organizationId() + "|" + key.environment().wire();
    }

    /** The header allow-list: ES256 with a kid, type JWT if stated. {@code alg: none} does not even parse as signed. */
    private static Parsed parse(String token) throws ParseException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        SignedJWT jwt = SignedJWT.parse(token);
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null
                || (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType()))) {
            throw invalid();
        }
        return new Parsed(jwt, header.getKeyID());
    }

    private Verified verified(SignedJWT jwt, ECKey publicKey, AuthenticatedKey key) {
        try {
            if (!jwt.verify(new ECDSAVerifier(publicKey))) {
                throw invalid();
            }
            return checkedClaims(jwt, key);
        } catch (JOSEException malformed) {
            throw invalid();
        }
    }

    /** Every check of a token but its signature's: lifetime, issuer, audience, ids, and the key's tenant. */
    private Verified checkedClaims(SignedJWT jwt, AuthenticatedKey key) {
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            checkLifetime(claims);
            String consumerId = claims.getSubject();
            String sessionType = claims.getStringClaim("sessionType");
            if (!ISSUER.equals(claims.getIssuer())
                    || claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)
                    || consumerId == null || Ids.parse("cons", consumerId).isEmpty()
                    || !consumerId.equals(claims.getStringClaim("consumerId"))
                    || !Ids.format("org", key.organizationId()).equals(claims.getStringClaim("organizationId"))
                    || !key.environment().wire().equals(claims.getStringClaim("environment"))
                    || Ids.parse("sess", claims.getStringClaim("sessionId")).isEmpty()
                    || !("guest".equals(sessionType) || "authenticated".equals(sessionType))) {
                throw invalid();
            }
            return new Verified(consumerId, claims.getStringClaim("sessionId"), "guest".equals(sessionType),
                    claims.getExpirationTime().toInstant());
        } catch (ParseException malformed) {
            throw invalid();
        }
    }

    private void checkLifetime(JWTClaimsSet claims) {
        if (!TokenLifetime.valid(claims, clock.instant(), skew, true)) {
            throw invalid();
        }
    }

    /** What the Redis cache says of a session: revoked, not revoked, or nothing it can vouch for. */
    private enum Cached {
        REVOKED, NOT_REVOKED, UNKNOWN;

        /** The answer of {@code MGET complete revoked}: a present key decides; absence counts only when complete. */
        static Cached of(List<String> values) {
            if (values.size() == 2 && values.get(1) != null) {
                return REVOKED;
            }
            return values.size() == 2 && values.get(0) != null ? NOT_REVOKED : UNKNOWN;
        }
    }

    private Mono<Verified> notRevoked(Verified verified) {
        return redis.get(List.of(completeKey, RevocationKeys.revoked(namespace, verified.sessionId())))
                .timeout(revocationTimeout)
                .map(Cached::of)
                .onErrorResume(failed -> cacheUnavailable(failed))
                .flatMap(cached -> switch (cached) {
                    case REVOKED -> Mono.error(invalid());
                    case NOT_REVOKED -> Mono.just(verified);
                    case UNKNOWN -> askConsumerService(verified);
                });
    }

    private Mono<Cached> cacheUnavailable(Throwable failed) {
        long now = clock.millis();
        long last = lastRevocationWarning.get();
        if (now - last >= WARN_INTERVAL_MILLIS && lastRevocationWarning.compareAndSet(last, now)) {
            log.warn("Could not read the session-revocation cache in Redis ({}); asking consumer-service instead", failed.toString());
        }
        return Mono.just(Cached.UNKNOWN);
    }

    private Mono<Verified> askConsumerService(Verified verified) {
        return sessions.revoked(verified.sessionId())
                .flatMap(revoked -> revoked ? Mono.error(invalid()) : Mono.just(verified));
    }

    private static ApiException invalid() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Invalid access token", null);
    }
}
