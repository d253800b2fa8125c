package io.dropline.consumer.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.consumer.config.SessionProperties;
import io.dropline.contracts.id.Ids;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Signs consumer access tokens as ES256 JWTs (api-decisions.md, "Consumer tokens") and publishes the public keys
 * for the gateway. Keys live in {@code signing_keys}; an instance that finds none makes one. If two instances
 * start at once and both make one, both keys are published and the newest signs — every instance agrees after
 * its next load.
 */
@Component
class AccessTokenSigner {

    static final String ISSUER = "dropline-consumer";
    static final String AUDIENCE = "dropline";

    /** What an access token says, before signing. */
    record Claims(String consumerId, String organizationId, String environment, String sessionId, SessionType type,
            Instant issuedAt, Instant expiresAt) {
    }

    private final DatabaseClient db;
    private final Clock clock;
    private final Duration skew;
    /**
     * Seeded once at start-up: ECDSA needs fresh randomness for every signature, and the default SecureRandom
     * reads /dev/urandom through a blocking file read on the event loop.
     */
    private final SecureRandom random;
    private final Mono<Keys> keys;

    /** The signing key and every published key, by kid. */
    private record Keys(ECKey signing, Map<String, ECKey> published) {
    }

    AccessTokenSigner(DatabaseClient db, Clock clock, SessionProperties properties) throws NoSuchAlgorithmException {
        this.db = db;
        this.clock = clock;
        this.skew = properties.clockSkew();
        this.random = SecureRandom.getInstance("DRBG");
        this.random.nextBytes(new byte[16]);
        // Reloaded hourly so rotated keys reach every instance; a failed load is retried on the next use.
        this.keys = loadOrCreate().cache(loaded -> Duration.ofHours(1), failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    Mono<String> sign(Claims claims) {
        return keys.map(current -> serialize(current.signing(), jwtClaims(claims)));
    }

    /**
     * The claims of one of our own access tokens whose algorithm, key, signature, issuer, audience and lifetime
     * check out; empty otherwise.
     */
    Mono<Optional<JWTClaimsSet>> verify(String token) {
        return keys.map(current -> verified(current, token));
    }

    /** The JWKS document: public halves only. */
    Mono<Map<String, Object>> jwks() {
        return keys.map(current -> new JWKSet(List.copyOf(current.published().values())).toJSONObject(true));
    }

    private Optional<JWTClaimsSet> verified(Keys current, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            ECKey key = header.getKeyID() == null ? null : current.published().get(header.getKeyID());
            if (key == null || !JWSAlgorithm.ES256.equals(header.getAlgorithm())
                    || !jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            Date exp = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)
                    || exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException | RuntimeException malformed) {
            return Optional.empty();
        }
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

    private String serialize(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            ECDSASigner signer = new ECDSASigner(key);
            signer.getJCAContext().setSecureRandom(random);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException failed) {
            throw new IllegalStateException("Could not sign an access token", failed);
        }
    }

    private Mono<Keys> loadOrCreate() {
        return load().flatMap(found -> found.published().isEmpty() ? create().then(load()) : Mono.just(found));
    }

    private Mono<Keys> load() {
        return db.sql("SELECT jwk FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid")
                .map(row -> parse(row.get("jwk", String.class)))
                .all()
                .collectList()
                .map(all -> new Keys(all.isEmpty() ? null : all.get(0),
                        all.stream().collect(Collectors.toMap(ECKey::getKeyID, k -> k))));
    }

    /** Key generation draws on the system's entropy source, a blocking read: off the event loop. */
    private Mono<Void> create() {
        return Mono.fromCallable(() -> new ECKeyGenerator(Curve.P_256).keyID(Ids.newId("key"))
                        .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(key -> db.sql("INSERT INTO signing_keys (kid, jwk, created_at) VALUES (:kid, :jwk, :at) ON CONFLICT DO NOTHING")
                        .bind("kid", key.getKeyID())
                        .bind("jwk", key.toJSONString())
                        .bind("at", clock.instant())
                        .then());
    }

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException corrupt) {
            throw new IllegalStateException("A stored signing key is not a valid EC JWK", corrupt);
        }
    }
}
