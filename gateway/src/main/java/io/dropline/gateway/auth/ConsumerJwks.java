package io.dropline.gateway.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * consumer-service's access-token keys ({@code GET /internal/jwks}, called with a signed INTERNAL context), cached
 * with the gateway's one JWKS cache policy ({@link JwksCache}): refreshed after its TTL, and earlier when a token
 * names a {@code kid} we do not know — at most once per refetch interval, so tokens with made-up kids cannot turn
 * into a flood of fetches. Concurrent callers share one fetch. When a refresh fails, the keys we had stay in use
 * (retried after the refetch interval, for up to an hour); with no keys at all, tokens answer 503 rather than a
 * misleading 401, and the failure is remembered for the refetch interval.
 */
public class ConsumerJwks {

    /** The one set this cache holds: its cache key and its throttle key. */
    private static final String SET = "consumer-service";

    private final WebClient client;
    private final InternalContextCodec codec;
    private final Duration timeout;
    private final JwksCache<ECKey> cache;
    private final JwksCache.Source<ECKey> source;

    public ConsumerJwks(WebClient client, InternalContextCodec codec, Duration ttl, Duration refetchInterval,
            Duration timeout) {
        this.client = client;
        this.codec = codec;
        this.timeout = timeout;
        this.cache = new JwksCache<>(ttl, refetchInterval, failed -> () -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                "Service unavailable", "SERVICE_UNAVAILABLE").retryAfter(5));
        this.source = new JwksCache.Source<>(SET, SET, "consumer-service's JWKS", this::fetch);
    }

    /** The key with this kid, or empty when consumer-service does not publish it. */
    Mono<ECKey> key(String kid) {
        return cache.key(source, kid);
    }

    private Mono<Map<String, ECKey>> fetch() {
        return Mono.defer(() -> client.get().uri("/internal/jwks")
                        .header(InternalContext.HEADER, internalContext())
                        .retrieve()
                        .bodyToMono(String.class))
                .timeout(timeout)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("consumer-service's JWKS answered no body")))
                .map(ConsumerJwks::parse);
    }

    private static Map<String, ECKey> parse(String json) {
        try {
            return JWKSet.parse(json).getKeys().stream()
                    .filter(ECKey.class::isInstance)
                    .map(ECKey.class::cast)
                    .filter(key -> key.getKeyID() != null && Curve.P_256.equals(key.getCurve()))
                    .map(ECKey::toPublicJWK)
                    .collect(Collectors.toMap(ECKey::getKeyID, key -> key, (first, second) -> first));
        } catch (ParseException malformed) {
            throw new IllegalStateException("consumer-service's JWKS is not a JWK set", malformed);
        }
    }

    private String internalContext() {
        return codec.sign(codec.create(null, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("gateway"), "gateway-jwks"));
    }
}
