package io.dropline.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Spotlight at the edge ({@code dropline.spotlight.*}).
 *
 * @param configCacheTtl how long a tenant's Spotlight config (admin strategy, JWKS source, origins, kill switch) and
 *                       its admin-user look-ups are served from memory; every replica sees a write (a kill-switch
 *                       flip) within this bound. At most 2 s.
 * @param jwks           fetching and caching of tenants' JWKS URLs and verifying admin JWTs
 */
@ConfigurationProperties("dropline.spotlight")
public record SpotlightProperties(
        @DefaultValue("1s") Duration configCacheTtl,
        @DefaultValue Jwks jwks) {

    public SpotlightProperties {
        if (configCacheTtl.compareTo(Duration.ofSeconds(2)) > 0) {
            throw new IllegalArgumentException("dropline.spotlight.config-cache-ttl must be at most 2s (kill-switch bound)");
        }
    }

    /**
     * @param allowPrivateHosts true lets JWKS URLs use http and point at loopback/private addresses; for tests and
     *                          local development only, never in production (it disables the SSRF guard)
     * @param cacheTtl          how long a fetched JWKS is used before it is fetched again
     * @param refetchInterval   a token with an unknown {@code kid} refetches its tenant's JWKS at most this often
     * @param timeout           bound on one JWKS fetch (connect included)
     * @param maxBytes          largest JWKS document accepted
     * @param clockSkew         tolerance on {@code exp}, {@code nbf} and {@code iat}
     */
    public record Jwks(
            @DefaultValue("false") boolean allowPrivateHosts,
            @DefaultValue("5m") Duration cacheTtl,
            @DefaultValue("30s") Duration refetchInterval,
            @DefaultValue("3s") Duration timeout,
            @DefaultValue("65536") int maxBytes,
            @DefaultValue("60s") Duration clockSkew) {
    }
}
