package io.dropline.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Verification of consumer access tokens ({@code dropline.gateway.consumer-tokens.*}): ES256 JWTs signed by
 * consumer-service, checked offline against its JWKS.
 *
 * @param enabled             false rejects every consumer token (the pre-JWKS behaviour)
 * @param jwksCacheTtl        how long a fetched JWKS is used before it is fetched again
 * @param jwksRefetchInterval an unknown {@code kid} refetches the JWKS at most this often (rotation without
 *                            letting forged kids hammer consumer-service)
 * @param jwksTimeout         bound on one JWKS fetch (connect 500 ms within it)
 * @param clockSkew           tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param revocationTimeout   bound on the Redis read of the session-revocation cache; past it, consumer-service
 *                            is asked instead
 * @param revocationLookupTimeout bound on asking consumer-service (PostgreSQL) whether a session is revoked, when
 *                            the Redis cache cannot answer; past it the request gets 503 (never accepted unchecked)
 * @param verifiedTokens      how many verified tokens (seen at issuance or at a first use) are remembered, each until
 *                            its expiry, so that their signature is not checked again; about 0.5 KB each
 */
@ConfigurationProperties("dropline.gateway.consumer-tokens")
public record ConsumerTokenProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration jwksCacheTtl,
        @DefaultValue("30s") Duration jwksRefetchInterval,
        @DefaultValue("2s") Duration jwksTimeout,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("200ms") Duration revocationTimeout,
        @DefaultValue("1s") Duration revocationLookupTimeout,
        @DefaultValue("100000") long verifiedTokens) {
}
