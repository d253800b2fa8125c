package io.dropline.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.config.SpotlightProperties;
import io.dropline.gateway.spotlight.JwkRules;
import io.dropline.gateway.spotlight.JwksUrlGuard;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Tenants' JWKS URLs, fetched through the SSRF guard and cached per tenant and URL for
 * {@code dropline.spotlight.jwks.cache-ttl}. A token with an unknown {@code kid} triggers one refetch, at most once
 * per {@code refetch-interval} per tenant, so made-up kids cannot turn the gateway into a request cannon. Concurrent
 * callers share a fetch (Caffeine coalesces loads). When a refetch fails, the last good keys stay in use for an hour.
 * With none, the failure itself is remembered for {@code refetch-interval}, so a tenant's broken JWKS URL costs one
 * outbound fetch per interval, not one per admin request: the tenant's own misconfiguration (refused by the guard, an
 * HTTP error status, an empty, unparseable or oversized body) answers 401; a connect error or timeout answers 503.
 */
public class AdminJwks {

    private static final Logger log = LoggerFactory.getLogger(AdminJwks.class);
    private static final Duration LAST_GOOD = Duration.ofHours(1);

    private final SpotlightProperties.Jwks properties;
    private final AsyncCache<String, Map<String, JWK>> keys;
    private final Cache<String, Map<String, JWK>> lastGood;
    private final Cache<String, Instant> recentRefetches;
    private final Cache<String, Failure> recentFailures;

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
        this.keys = Caffeine.newBuilder().expireAfterWrite(properties.cacheTtl()).maximumSize(10_000).buildAsync();
        this.lastGood = Caffeine.newBuilder().expireAfterWrite(LAST_GOOD).maximumSize(10_000).build();
        this.recentRefetches = Caffeine.newBuilder().expireAfterWrite(properties.refetchInterval()).maximumSize(100_000).build();
        this.recentFailures = Caffeine.newBuilder().expireAfterWrite(properties.refetchInterval()).maximumSize(100_000).build();
    }

    /** The key with this kid from the tenant's JWKS URL, or empty when the set does not have it (after one refetch). */
    Mono<JWK> key(String tenant, String url, String kid) {
        String cacheKey = tenant + "|" + url;
        return keys(cacheKey, url).flatMap(found -> {
            JWK key = found.get(kid);
            if (key != null) {
                return Mono.just(key);
            }
            if (recentRefetches.asMap().putIfAbsent(tenant, Instant.now()) != null) {
                return Mono.empty();
            }
            keys.synchronous().invalidate(cacheKey);
            return keys(cacheKey, url).mapNotNull(refetched -> refetched.get(kid));
        });
    }

    private Mono<Map<String, JWK>> keys(String cacheKey, String url) {
        return Mono.defer(() -> {
            // A failure within the last refetch interval is answered again without going out (failed futures are
            // not cached by Caffeine, so without this every request would fetch).
            Failure failed = recentFailures.getIfPresent(cacheKey);
            if (failed != null) {
                return Mono.error(failed.toException(properties.refetchInterval().toSeconds()));
            }
            // suppressCancel: the future is shared by every concurrent caller; one client going away must not cancel
            // the fetch the others are waiting for.
            return Mono.fromFuture(() -> keys.get(cacheKey, (ignored, executor) -> fetch(cacheKey, url).toFuture()), true);
        });
    }

    private Mono<Map<String, JWK>> fetch(String cacheKey, String url) {
        return Mono.defer(() -> {
                    String problem = JwksUrlGuard.problem(url, properties.allowPrivateHosts());
                    if (problem != null) {
                        return Mono.error(new JwksUrlGuard.Refused(problem));
                    }
                    URI uri = URI.create(url);
                    return JwksUrlGuard.resolve(uri.getHost(), properties.allowPrivateHosts())
                            .flatMap(addresses -> get(uri, addresses));
                })
                .timeout(properties.timeout())
                // A 3xx (redirects are not followed) or 204 has no body: as unusable as a wrong one.
                .switchIfEmpty(Mono.error(() -> new Unusable("the JWKS URL answered no body")))
                .map(AdminJwks::parse)
                .doOnNext(fetched -> lastGood.put(cacheKey, fetched))
                .onErrorResume(failed -> fallBack(cacheKey, url, failed));
    }

    /**
     * One GET on a client of its own: pinned to the vetted addresses, no redirects, no pooled connection that
     * another host's resolution could reuse, and the body capped at {@code max-bytes}.
     */
    private Mono<String> get(URI uri, List<InetAddress> addresses) {
        HttpClient http = HttpClient.newConnection()
                .resolver(new PinnedAddressResolverGroup(uri.getHost(), addresses))
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.timeout().toMillis())
                .responseTimeout(properties.timeout());
        WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .exchangeStrategies(ExchangeStrategies.builder()
                        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(properties.maxBytes()))
                        .build())
                .build();
        return client.get().uri(uri).accept(MediaType.APPLICATION_JSON).retrieve().bodyToMono(String.class);
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

    private Mono<Map<String, JWK>> fallBack(String cacheKey, String url, Throwable failed) {
        Map<String, JWK> previous = lastGood.getIfPresent(cacheKey);
        // The URL is the tenant's configuration, not a secret; the host helps whoever has to fix it.
        log.warn("Could not fetch the Spotlight JWKS at {} ({}); {}", hostOf(url), failed.toString(),
                previous == null ? "admin tokens of this tenant cannot be verified" : "keeping the last good keys");
        if (previous != null) {
            return Mono.just(previous);
        }
        Failure failure = classify(failed);
        recentFailures.put(cacheKey, failure);
        return Mono.error(failure.toException(properties.refetchInterval().toSeconds()));
    }

    /**
     * The tenant's own misconfiguration (a URL the guard refuses, an HTTP error status from its host, a body that is
     * empty, not a JWK set or over {@code max-bytes}) is a 401 like any other unverifiable token; only a host that
     * cannot be reached right now (connect error, timeout) is a 503.
     */
    private static Failure classify(Throwable failed) {
        if (failed instanceof JwksUrlGuard.Refused refused) {
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
