package io.dropline.experiences.access.distribution;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.signing.SigningKeyStore;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Signs admission grants of every distribution type as ES256 JWTs (api-decisions.md, "Admission grants") and
 * publishes the public keys. Keys live in {@code signing_keys}, kept by the shared {@link SigningKeyStore} (created
 * on first start, reloaded hourly); the claims and their checks are this class's. Types reach it through
 * {@link Grants}, which adds the checks that validate and complete share.
 */
@Component
class GrantSigner {

    static final JOSEObjectType TYPE = new JOSEObjectType("dropline-grant+jwt");
    static final String ISSUER = "dropline";

    private final Clock clock;
    private final SigningKeyStore keys;

    GrantSigner(DatabaseClient db, Clock clock) throws NoSuchAlgorithmException {
        this.clock = clock;
        this.keys = new SigningKeyStore(db, clock, "signing_keys", "a grant", UnaryOperator.identity());
    }

    /** The grant of one admission. {@code expiresAt} null means the distribution sets no expiry (discouraged). */
    Mono<String> sign(DistributionRef distribution, UUID consumer, UUID grantId, Instant grantedAt, Instant expiresAt) {
        return Mono.defer(() -> keys.sign(TYPE, claims(distribution, consumer, grantId, grantedAt, expiresAt)));
    }

    /** The claims of a grant whose signature, algorithm, type, issuer and expiry check out; empty otherwise. */
    Mono<Optional<JWTClaimsSet>> verify(String token) {
        return keys.verify(token, TYPE, this::current);
    }

    /** The JWKS document: public halves only. */
    Mono<Map<String, Object>> jwks() {
        return keys.jwks();
    }

    /** The same document as JSON, made when the keys were loaded. */
    Mono<String> jwksJson() {
        return keys.jwksJson();
    }

    private boolean current(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        return ISSUER.equals(claims.getIssuer()) && (exp == null || exp.toInstant().isAfter(clock.instant()));
    }

    /** The claims, in the order and with the names the queue's grants have always had. */
    static JWTClaimsSet claims(DistributionRef distribution, UUID consumer, UUID grantId, Instant grantedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(Ids.format("cons", consumer))
                .jwtID(Ids.format("grant", grantId))
                .issueTime(Date.from(grantedAt))
                .expirationTime(expiresAt == null ? null : Date.from(expiresAt))
                .claim("organizationId", Ids.format("org", distribution.organizationId()))
                .claim("environment", distribution.environment().wire())
                .claim("consumerId", Ids.format("cons", consumer))
                .claim("distributionType", distribution.type())
                .claim("distributionId", distribution.publicId())
                .claim("experienceId", Ids.format("exp", distribution.experienceId()))
                .claim("sequenceId", Ids.format("seq", distribution.sequenceId()))
                .build();
    }
}
