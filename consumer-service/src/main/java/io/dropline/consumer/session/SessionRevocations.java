package io.dropline.consumer.session;

import io.dropline.consumer.config.SessionProperties;
import io.dropline.contracts.error.ApiException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes revoked sessions to the gateway. Access tokens are verified offline, so a revoked session's tokens
 * would live until they expire; the gateway instead checks {@code <ns>:sess:revoked:<sess_…>} on every request
 * with a consumer token. The key lives as long as the longest token the session can still have (the access-token
 * lifetime plus the gateway's clock skew allowance), so it never expires before the tokens it blocks.
 */
@Component
class SessionRevocations {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionRevocations.class);

    /** The gateway accepts tokens this long past {@code exp} (its clock-skew allowance); the key outlives that. */
    private static final Duration GATEWAY_SKEW = Duration.ofSeconds(60);

    private final ReactiveStringRedisTemplate redis;
    private final String namespace;
    private final Duration ttl;
    private final Duration timeout;

    SessionRevocations(ReactiveStringRedisTemplate redis, @Value("${dropline.redis.namespace:dl}") String namespace,
            SessionProperties properties) {
        this.redis = redis;
        this.namespace = namespace;
        this.ttl = properties.accessTokenTtl().plus(GATEWAY_SKEW);
        this.timeout = properties.redisTimeout();
    }

    /**
     * Marks a session revoked for the gateway. A failure is an error (503), not silently ignored: the session is
     * already revoked in PostgreSQL, and the client's retry writes the key again.
     */
    Mono<Void> publish(UUID sessionId) {
        return redis.opsForValue().set(key(sessionId), "1", ttl)
                .timeout(timeout)
                .doOnError(failed -> log.warn("Could not publish the revocation of session {} to Redis: {}",
                        SessionIds.session(sessionId), failed.toString()))
                .onErrorMap(failed -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE")
                        .retryAfter(5))
                .then();
    }

    /**
     * Spring's Lettuce factory connects its shared connection lazily, blocking the first caller; this makes the
     * first caller the main thread at start-up instead of an event loop. If Redis is down now, the connection is
     * made (briefly blocking) on first use later.
     */
    @EventListener(ApplicationStartedEvent.class)
    void connectEarly() {
        try {
            redis.getConnectionFactory().getReactiveConnection().close();
        } catch (RuntimeException unavailable) {
            log.warn("Redis is not reachable at start-up ({}); revocations connect on first use", unavailable.toString());
        }
    }

    String key(UUID sessionId) {
        return namespace + ":sess:revoked:" + SessionIds.session(sessionId);
    }
}
