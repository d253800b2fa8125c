package io.dropline.gateway.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.outbound.OutboundHttp;
import io.dropline.contracts.outbound.OutboundUrlGuard;
import io.dropline.gateway.config.SpotlightProperties;
import io.dropline.gateway.spotlight.JwkRules;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * Tenants' JWKS URLs, fetched through the SSRF guard and cached per tenant and URL with the gateway's one JWKS cache
 * policy ({@link JwksCache}): kept for {@code dropline.spotlight.jwks.cache-ttl}; a token with an unknown {@code kid}
 * refetches, at most once per {@code refetch-interval} per tenant; when a refetch fails, the last good keys stay in
 * use for up to an hour; with none, the failure is remembered for {@code refetch-interval}, so a tenant's broken JWKS
 * URL costs one outbound fetch per interval, not one per admin request. The tenant's own misconfiguration (refused
 * by the guard, an HTTP error status, an empty, unparseable or oversized body) answers 401; a connect error or
 * timeout answers 503.
 */
public class AdminJwks {

    private final SpotlightProperties.Jwks properties;
    private final JwksCache<JWK> cache;

    /** A failed fetch as remembered: a fresh exception is made for every caller (they are not shared across requests). */
    private record Failure(boolean misconfigured, String reason) {

        ApiException toException(long retryAfterSeconds) {
            return misconfigured
                    ? new ApiException(HttpStatus.UNAUTHORIZED, "Admin token cannot be verified: " + reason, "UNAUTHORIZED")
                    : new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The tenant's JWKS cannot be fetched right now",
                            "SERVICE_UNAVAILABLE").retryAfter(retryAfterSeconds);
        }
    }

    /** The JWKS host answered, but not with something usable (no body, not a JWK set). */
    private static final class Unusable extends RuntimeException {

        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    public AdminJwks(SpotlightProperties.Jwks properties) {
        this.properties = properties;
        long retryAfterSeconds = properties.refetchInterval().toSeconds();
        this.cache = new JwksCache<>(properties.cacheTtl(), properties.refetchInterval(), failed -> {
            Failure failure = classify(failed);
            return () -> failure.toException(retryAfterSeconds);
        });
    }

    /** The key with this kid from the tenant's JWKS URL, or empty when the set does not have it (after one refetch). */
    Mono<JWK> key(String tenant, String url, String kid) {
        // The URL is the tenant's configuration, not a secret; its host helps whoever has to fix it.
        return cache.key(new JwksCache.Source<>(tenant + "|" + url, tenant, "the Spotlight JWKS at " + hostOf(url),
                () -> fetch(url)), kid);
    }

    private Mono<Map<String, JWK>> fetch(String url) {
        return OutboundHttp.client(url, new OutboundHttp.Limits(properties.timeout(), properties.maxBytes(),
                        properties.allowPrivateHosts()))
                .flatMap(client -> client.get().uri(URI.create(url)).accept(MediaType.APPLICATION_JSON).retrieve()
                        .bodyToMono(String.class))
                .timeout(properties.timeout())
                // A 3xx (redirects are not followed) or 204 has no body: as unusable as a wrong one.
                .switchIfEmpty(Mono.error(() -> new Unusable("the JWKS URL answered no body")))
                .map(AdminJwks::parse);
    }

    private static Map<String, JWK> parse(String json) {
        try {
            return JwkRules.usable(JWKSet.parse(json).getKeys());
        } catch (ParseException malformed) {
            throw new Unusable("the JWKS URL did not answer a JWK set");
        }
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException malformed) {
            return "a malformed URL";
        }
    }

    /**
     * The tenant's own misconfiguration (a URL the guard refuses, an HTTP error status from its host, a body that is
     * empty, not a JWK set or over {@code max-bytes}) is a 401 like any other unverifiable token; only a host that
     * cannot be reached right now (connect error, timeout) is a 503.
     */
    private static Failure classify(Throwable failed) {
        if (failed instanceof OutboundUrlGuard.Refused refused) {
            return new Failure(true, "the tenant's JWKS URL is refused (" + refused.getMessage() + ")");
        }
        if (failed instanceof WebClientResponseException status) {
            return new Failure(true, "the tenant's JWKS URL answered HTTP " + status.getStatusCode().value());
        }
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return new Failure(true, "the tenant's JWKS is larger than allowed");
            }
            if (cause instanceof Unusable unusable) {
                return new Failure(true, unusable.getMessage());
            }
            if (cause instanceof DecodingException) {
                return new Failure(true, "the tenant's JWKS URL did not answer a JWK set");
            }
        }
        return new Failure(false, "unreachable");
    }
}
