package io.dropline.commerce.checkout;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.money.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies admission grants offline, as api-decisions.md says: an ES256 JWT of type {@code dropline-grant+jwt} from
 * issuer {@code dropline}, signed by a key experiences-service publishes (its JWKS, cached here; an unknown key id
 * fetches the keys again, at most every {@code jwksRefetchInterval}, so a rotation is picked up), unexpired, and of
 * the caller's organization and environment. Anything else — malformed, tampered, foreign, expired — is "invalid",
 * with the reason kept for logs.
 */
@Component
class GrantVerifier {

    static final JOSEObjectType TYPE = new JOSEObjectType("dropline-grant+jwt");

    private final ExperiencesClient experiences;
    private final ExperiencesProperties properties;
    private final Clock clock;
    private final AtomicReference<Keys> keys = new AtomicReference<>();

    GrantVerifier(ExperiencesClient experiences, ExperiencesProperties properties, Clock clock) {
        this.experiences = experiences;
        this.properties = properties;
        this.clock = clock;
    }

    private record Keys(JWKSet set, Instant fetchedAt) {
    }

    /** What a genuine grant says. {@code price}/{@code currencyCode} only on grants that fix the price (auction wins). */
    record Grant(UUID grantId, UUID consumerId, String distributionType, String distributionId, UUID experienceId, UUID sequenceId,
            Instant expiresAt, BigDecimal price, String currencyCode) {
    }

    /** The outcome: a grant, or why not. */
    record Verified(Grant grant, String invalidReason) {
    }

    Mono<Verified> verify(InternalContext context, String token) {
        Optional<SignedJWT> parsed = parse(token);
        if (parsed.isEmpty()) {
            return Mono.just(new Verified(null, "MALFORMED"));
        }
        SignedJWT jwt = parsed.get();
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || !TYPE.equals(header.getType()) || header.getKeyID() == null) {
            return Mono.just(new Verified(null, "WRONG_HEADER"));
        }
        return key(context, header.getKeyID()).map(key -> key.map(found -> check(context, jwt, found))
                .orElseGet(() -> new Verified(null, "UNKNOWN_KEY")));
    }

    private static Optional<SignedJWT> parse(String token) {
        try {
            return Optional.of(SignedJWT.parse(token));
        } catch (java.text.ParseException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private Verified check(InternalContext context, SignedJWT jwt, ECKey key) {
        try {
            if (!jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
                return new Verified(null, "BAD_SIGNATURE");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            Instant now = clock.instant();
            if (!"dropline".equals(claims.getIssuer())) {
                return new Verified(null, "WRONG_ISSUER");
            }
            if (exp != null && !exp.toInstant().isAfter(now)) {
                return new Verified(null, "EXPIRED");
            }
            if (!Ids.format("org", context.organizationId()).equals(claims.getStringClaim("organizationId"))
                    || !context.environment().wire().equals(claims.getStringClaim("environment"))) {
                return new Verified(null, "FOREIGN");
            }
            Optional<UUID> grant = Ids.parse("grant", claims.getJWTID());
            Optional<UUID> consumer = Ids.parse("cons", claims.getStringClaim("consumerId"));
            String type = claims.getStringClaim("distributionType");
            String distribution = claims.getStringClaim("distributionId");
            if (grant.isEmpty() || consumer.isEmpty() || type == null || distribution == null
                    || !consumer.get().equals(Ids.parse("cons", claims.getSubject()).orElse(null))) {
                return new Verified(null, "INCOMPLETE_CLAIMS");
            }
            BigDecimal price = null;
            String currency = null;
            Object priceClaim = claims.getClaim("price");
            if (priceClaim != null) {
                price = Money.fromJson(priceClaim).amount();
                currency = claims.getStringClaim("currencyCode");
            }
            return new Verified(new Grant(grant.get(), consumer.get(), type, distribution,
                    Ids.parse("exp", claims.getStringClaim("experienceId")).orElse(null),
                    Ids.parse("seq", claims.getStringClaim("sequenceId")).orElse(null),
                    exp == null ? null : exp.toInstant(), price, currency), null);
        } catch (com.nimbusds.jose.JOSEException | java.text.ParseException | RuntimeException bad) {
            return new Verified(null, "MALFORMED");
        }
    }

    /** The key with this id: from the cache, or after one fetch when it is unknown (rotation) or the cache is old. */
    private Mono<Optional<ECKey>> key(InternalContext context, String kid) {
        Keys current = keys.get();
        Instant now = clock.instant();
        boolean fresh = current != null && current.fetchedAt().plus(properties.jwksCacheTtl()).isAfter(now);
        Optional<ECKey> known = current == null ? Optional.empty() : find(current.set(), kid);
        if (fresh && known.isPresent()) {
            return Mono.just(known);
        }
        boolean mayFetch = current == null || !fresh || current.fetchedAt().plus(properties.jwksRefetchInterval()).isBefore(now);
        if (!mayFetch) {
            return Mono.just(known);
        }
        return experiences.jwks(context)
                .map(document -> {
                    try {
                        return JWKSet.parse(JsonMapper.shared().writeValueAsString(document));
                    } catch (java.text.ParseException malformed) {
                        throw new IllegalStateException("experiences-service published a malformed JWKS", malformed);
                    }
                })
                .map(set -> {
                    keys.set(new Keys(set, clock.instant()));
                    return find(set, kid);
                });
    }

    private static Optional<ECKey> find(JWKSet set, String kid) {
        JWK key = set.getKeyByKeyId(kid);
        return key instanceof ECKey ec ? Optional.of(ec) : Optional.empty();
    }
}
