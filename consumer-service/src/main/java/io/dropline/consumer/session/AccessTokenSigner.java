package io.dropline.consumer.session;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import io.dropline.consumer.config.SessionProperties;
import io.dropline.contracts.signing.SigningKeyStore;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Signs consumer access tokens as ES256 JWTs (api-decisions.md, "Consumer tokens") and publishes the public keys
 * for the gateway. Keys live in {@code signing_keys}, kept by the shared {@link SigningKeyStore} (created on first
 * start, reloaded hourly); the claims and their checks are this class's.
 */
@Component
class AccessTokenSigner {

    static final String ISSUER = "dropline-consumer";
    static final String AUDIENCE = "dropline";

    /** What an access token says, before signing. */
    record Claims(String consumerId, String organizationId, String environment, String sessionId, SessionType type,
            Instant issuedAt, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration skew;
    private final SigningKeyStore keys;

    AccessTokenSigner(DatabaseClient db, Clock clock, SessionProperties properties) throws NoSuchAlgorithmException {
        this.clock = clock;
        this.skew = properties.clockSkew();
        this.keys = new SigningKeyStore(db, clock, "signing_keys", "an access token",
                generator -> generator.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256));
    }

    Mono<String> sign(Claims claims) {
        return Mono.defer(() -> keys.sign(JOSEObjectType.JWT, jwtClaims(claims)));
    }

    /**
     * The claims of one of our own access tokens whose algorithm, key, signature, issuer, audience and lifetime
     * check out; empty otherwise.
     */
    Mono<Optional<JWTClaimsSet>> verify(String token) {
        return keys.verify(token, null, this::current);
    }

    /** The JWKS document: public halves only. */
    Mono<Map<String, Object>> jwks() {
        return keys.jwks();
    }

    private boolean current(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        return ISSUER.equals(claims.getIssuer()) && claims.getAudience() != null && claims.getAudience().contains(AUDIENCE)
                && exp != null && exp.toInstant().plus(skew).isAfter(now);
    }

    private static JWTClaimsSet jwtClaims(Claims claims) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(claims.consumerId())
                .issueTime(Date.from(claims.issuedAt()))
                .notBeforeTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .claim("consumerId", claims.consumerId())
                .claim("organizationId", claims.organizationId())
                .claim("environment", claims.environment())
                .claim("sessionId", claims.sessionId())
                .claim("sessionType", claims.type().wire())
                .build();
    }
}
