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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * consumer-service's access-token keys ({@code GET /internal/jwks}, called with a signed INTERNAL context), cached.
 * The cache is refreshed after its TTL, and earlier when a token names a {@code kid} we do not know — at most once
 * per refetch interval, so tokens with made-up kids cannot turn into a flood of fetches. Concurrent callers share
 * one fetch. When a refresh fails, the keys we had stay in use (and are retried after the refetch interval); with
 * no keys at all, tokens answer 503 rather than a misleading 401.
 */
public class ConsumerJwks {

    private static final Logger log = LoggerFactory.getLogger(ConsumerJwks.class);
    private static final Duration FOREVER = Duration.ofDays(365);

    /** The P-256 keys of one fetch by kid; {@code fetchedAt} is when it was attempted. */
    private record Snapshot(Map<String, ECKey> keys, Instant fetchedAt, Instant expiresAt) {
    }

    private final WebClient client;
    private final InternalContextCodec codec;
    private final Duration ttl;
    private final Duration refetchInterval;
    private final Duration timeout;
    private final Clock clock;
    private final AtomicReference<Mono<Snapshot>> current;

    public ConsumerJwks(WebClient client, InternalContextCodec codec, Duration ttl, Duration refetchInterval,
            Duration timeout, Clock clock) {
        this.client = client;
        this.codec = codec;
        this.ttl = ttl;
        this.refetchInterval = refetchInterval;
        this.timeout = timeout;
        this.clock = clock;
        this.current = new AtomicReference<>(fetch(null));
    }

    /** The key with this kid, or empty when consumer-service does not publish it. */
    Mono<ECKey> key(String kid) {
        Mono<Snapshot> seen = current.get();
        return seen.flatMap(snapshot -> {
            Instant now = clock.instant();
            if (now.isAfter(snapshot.expiresAt())) {
                return refresh(seen, snapshot).mapNotNull(fresh -> fresh.keys().get(kid));
            }
            ECKey key = snapshot.keys().get(kid);
            if (key != null || now.isBefore(snapshot.fetchedAt().plus(refetchInterval))) {
                return Mono.justOrEmpty(key);
            }
            return refresh(seen, snapshot).mapNotNull(fresh -> fresh.keys().get(kid));
        });
    }

    /** Replaces the snapshot we saw with a new fetch; whoever loses the race uses the winner's fetch. */
    private Mono<Snapshot> refresh(Mono<Snapshot> seen, Snapshot previous) {
        Mono<Snapshot> next = fetch(previous);
        return current.compareAndSet(seen, next) ? next : current.get();
    }

    private Mono<Snapshot> fetch(Snapshot previous) {
        return Mono.defer(() -> client.get().uri("/internal/jwks")
                        .header(InternalContext.HEADER, internalContext())
                        .retrieve()
                        .bodyToMono(String.class))
                .timeout(timeout)
                .map(this::parse)
                .onErrorResume(failed -> fallBack(previous, failed))
                // A fetch that failed with nothing to fall back on is not cached: the next token tries again.
                .cache(snapshot -> FOREVER, failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    private Mono<Snapshot> fallBack(Snapshot previous, Throwable failed) {
        log.warn("Could not fetch consumer-service's JWKS ({}); {}", failed.toString(),
                previous == null ? "consumer tokens cannot be verified" : "keeping the keys fetched at " + previous.fetchedAt());
        if (previous == null) {
            return Mono.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE")
                    .retryAfter(5));
        }
        Instant now = clock.instant();
        return Mono.just(new Snapshot(previous.keys(), now, now.plus(refetchInterval)));
    }

    private Snapshot parse(String json) {
        try {
            Map<String, ECKey> keys = JWKSet.parse(json).getKeys().stream()
                    .filter(ECKey.class::isInstance)
                    .map(ECKey.class::cast)
                    .filter(key -> key.getKeyID() != null && Curve.P_256.equals(key.getCurve()))
                    .map(ECKey::toPublicJWK)
                    .collect(Collectors.toMap(ECKey::getKeyID, key -> key, (first, second) -> first));
            Instant now = clock.instant();
            return new Snapshot(keys, now, now.plus(ttl));
        } catch (ParseException malformed) {
            throw new IllegalStateException("consumer-service's JWKS is not a JWK set", malformed);
        }
    }

    private String internalContext() {
        return codec.sign(codec.create(null, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("gateway"), "gateway-jwks"));
    }
}
