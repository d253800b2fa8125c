package io.dropline.experiences.access.line;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.id.Ids;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Signs admission grants as ES256 JWTs (api-decisions.md, "Admission grants") and publishes the public keys.
 * Keys live in {@code signing_keys}; an instance that finds none makes one. If two instances start at once
 * and both make one, both keys are published and the newest signs — every instance agrees after its next load.
 */
@Component
class GrantSigner {

    static final JOSEObjectType TYPE = new JOSEObjectType("dropline-grant+jwt");
    static final String ISSUER = "dropline";

    private final DatabaseClient db;
    private final Clock clock;
    /**
     * Seeded once at start-up: ECDSA needs fresh randomness for every signature, and the default SecureRandom
     * reads /dev/urandom through a blocking file read on the event loop.
     */
    private final SecureRandom random;
    private final Mono<Keys> keys;

    /** The signing key and every published key, by kid. */
    private record Keys(ECKey signing, Map<String, ECKey> published) {
    }

    GrantSigner(DatabaseClient db, Clock clock) throws NoSuchAlgorithmException {
        this.db = db;
        this.clock = clock;
        this.random = SecureRandom.getInstance("DRBG");
        this.random.nextBytes(new byte[16]);
        // Reloaded hourly so rotated keys reach every instance; a failed load is retried on the next use.
        this.keys = loadOrCreate().cache(loaded -> java.time.Duration.ofHours(1), failed -> java.time.Duration.ZERO,
                () -> java.time.Duration.ZERO);
    }

    /** The grant of one admission. {@code expiresAt} null means the queue sets no expiry (discouraged). */
    Mono<String> sign(QueueSettings queue, UUID consumer, UUID grantId, Instant grantedAt, Instant expiresAt) {
        return keys.map(current -> serialize(current.signing(), claims(queue, consumer, grantId, grantedAt, expiresAt)));
    }

    /** The claims of a grant whose signature, algorithm, type, issuer and expiry check out; empty otherwise. */
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
            if (key == null || !JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !TYPE.equals(header.getType())
                    || !jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || (exp != null && !exp.toInstant().isAfter(clock.instant()))) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static JWTClaimsSet claims(QueueSettings queue, UUID consumer, UUID grantId, Instant grantedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(Ids.format("cons", consumer))
                .jwtID(Ids.format("grant", grantId))
                .issueTime(Date.from(grantedAt))
                .expirationTime(expiresAt == null ? null : Date.from(expiresAt))
                .claim("organizationId", Ids.format("org", queue.organizationId()))
                .claim("environment", queue.environment().wire())
                .claim("consumerId", Ids.format("cons", consumer))
                .claim("distributionType", "queue")
                .claim("distributionId", Ids.format("queue", queue.id()))
                .claim("experienceId", Ids.format("exp", queue.experienceId()))
                .claim("sequenceId", Ids.format("seq", queue.sequenceId()))
                .build();
    }

    private String serialize(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build(), claims);
            ECDSASigner signer = new ECDSASigner(key);
            signer.getJCAContext().setSecureRandom(random);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException failed) {
            throw new IllegalStateException("Could not sign a grant", failed);
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
                        all.stream().collect(java.util.stream.Collectors.toMap(ECKey::getKeyID, k -> k))));
    }

    /** Key generation draws on the system's entropy source, a blocking read: off the event loop. */
    private Mono<Void> create() {
        return Mono.fromCallable(() -> new ECKeyGenerator(Curve.P_256).keyID(Ids.newId("key")).generate())
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
