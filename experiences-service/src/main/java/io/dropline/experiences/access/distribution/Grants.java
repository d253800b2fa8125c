package io.dropline.experiences.access.distribution;

import com.nimbusds.jwt.JWTClaimsSet;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one code path every distribution type signs, validates and completes admission grants through: the ES256
 * one-time grant with the distribution's type and id in its claims. What a type adds is only its record of the grant
 * (is it still live, completed, revoked), given as a lookup by grant id.
 */
@Component
public class Grants {

    private final GrantSigner signer;
    private final Clock clock;

    Grants(GrantSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    /** The signed grant of one admission; {@code expiresAt} null means no expiry. */
    public Mono<String> sign(DistributionRef distribution, UUID consumer, UUID grantId, Instant grantedAt, Instant expiresAt) {
        return signer.sign(distribution, consumer, grantId, grantedAt, expiresAt);
    }

    /** The public keys that verify grants offline. */
    public Mono<Map<String, Object>> jwks() {
        return signer.jwks();
    }

    /** The same JWKS document as JSON, to be served as it is. */
    public Mono<String> jwksJson() {
        return signer.jwksJson();
    }

    /**
     * Whether {@code token} is a genuine, unexpired grant of {@code distribution} for {@code consumerId} (when given)
     * that its type's record still holds live and unused. {@code record} looks a grant up by its id.
     */
    public Mono<Validation> validate(DistributionRef distribution, String consumerId, String token,
            Function<UUID, Mono<GrantRecord>> record) {
        return signer.verify(token == null ? "" : token)
                .flatMap(claims -> claims.map(valid -> checkAgainstRecord(distribution, consumerId, valid, record))
                        .orElseGet(() -> Mono.just(Validation.invalid("INVALID_GRANT"))));
    }

    /**
     * The id of a grant presented to {@code complete} (optional there: empty when none is presented); a grant that is
     * not genuine is a 400 on {@code admissionGrant}. The type then completes it once in its record.
     */
    public Mono<Optional<UUID>> idOfPresented(String token) {
        if (token == null) {
            return Mono.just(Optional.empty());
        }
        return signer.verify(token)
                .map(claims -> claims.flatMap(valid -> Ids.parse("grant", valid.getJWTID())))
                .flatMap(id -> id.isPresent() ? Mono.just(id)
                        : Mono.error(ApiException.validation("admissionGrant", "Not a valid admission grant")));
    }

    private Mono<Validation> checkAgainstRecord(DistributionRef distribution, String consumerId, JWTClaimsSet claims,
            Function<UUID, Mono<GrantRecord>> record) {
        Optional<UUID> grantId = Ids.parse("grant", claims.getJWTID());
        boolean sameDistribution = distribution.publicId().equals(claims.getClaim("distributionId"))
                && distribution.type().equals(claims.getClaim("distributionType"));
        boolean sameConsumer = consumerId == null || consumerId.equals(claims.getSubject());
        if (grantId.isEmpty() || !sameDistribution || !sameConsumer) {
            return Mono.just(Validation.invalid("INVALID_GRANT"));
        }
        return record.apply(grantId.get())
                .map(held -> switch (held.state()) {
                    case LIVE -> held.expiredAt(now()) ? Validation.invalid("GRANT_EXPIRED")
                            : Validation.valid(claims.getSubject(), distribution.publicId(), held.expiresAt());
                    case COMPLETED -> Validation.invalid("ALREADY_COMPLETED");
                    case REVOKED -> Validation.invalid("GRANT_REVOKED");
                })
                .defaultIfEmpty(Validation.invalid("INVALID_GRANT"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A type's record of one grant: live (with its expiry), used once already, or taken back (left, denied, expired). */
    public record GrantRecord(State state, Instant expiresAt) {

        public enum State { LIVE, COMPLETED, REVOKED }

        boolean expiredAt(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }
    }

    /** The outcome of {@link #validate}: valid with the consumer, distribution and expiry, or the reason it is not. */
    public record Validation(boolean valid, String reason, String consumerId, String distributionId, Instant expiresAt) {

        static Validation valid(String consumerId, String distributionId, Instant expiresAt) {
            return new Validation(true, null, consumerId, distributionId, expiresAt);
        }

        static Validation invalid(String reason) {
            return new Validation(false, reason, null, null, null);
        }
    }
}
