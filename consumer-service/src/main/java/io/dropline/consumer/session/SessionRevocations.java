package io.dropline.consumer.session;

import io.dropline.consumer.config.SessionProperties;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.session.RevocationKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The gateway's cache of revoked sessions ({@link RevocationKeys}). Access tokens are verified offline, so a revoked
 * session's tokens would live until they expire; the gateway instead reads {@code <ns>:sess:revoked:<sess_…>} on
 * every request with a consumer token. PostgreSQL is the source of truth ({@code consumer_sessions.revoked_at}):
 * <ul>
 *   <li>a logout revokes the session in PostgreSQL, then writes the key, then notes in PostgreSQL that the cache
 *       has it. A failed write answers 503 and leaves the revocation marked uncached;</li>
 *   <li>the keeper ({@link RevocationCacheKeeper}) writes uncached revocations again, and rebuilds the whole cache
 *       when Redis lost its data: the {@code complete} marker is then missing, and only a rebuild that ran from
 *       start to end on the same Redis data sets it again. Until then the gateway asks PostgreSQL (through
 *       {@code GET /internal/sessions/{id}/revocation}) instead of trusting a missing key.</li>
 * </ul>
 * Every key lives as long as the longest token the session can still have (its revocation time plus the
 * access-token lifetime plus the gateway's clock-skew allowance), so it never expires before the tokens it blocks.
 */
@Component
class SessionRevocations {

    private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);

    /** The gateway accepts tokens this long past {@code exp} (its clock-skew allowance); the key outlives that. */
    private static final Duration GATEWAY_SKEW = Duration.ofSeconds(60);

    /**
     * One rebuild at a time across replicas: the others wait while it holds this lease, so two long rebuilds can
     * never keep superseding each other. A replica that died mid-rebuild gives way to the next one when it ends.
     */
    private static final Duration REBUILD_LEASE = Duration.ofSeconds(30);

    private static final int WRITE_CONCURRENCY = 64;
    private static final int MARK_BATCH = 500;

    /** Sets the marker only if this rebuild is still the current one: Redis did not lose the keys written so far. */
    private static final RedisScript<Long> COMPLETE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[2], ARGV[1])
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final SessionRepository repository;
    private final String namespace;
    private final Duration tokenLife;
    private final Duration timeout;
    private final Clock clock;

    SessionRevocations(ReactiveStringRedisTemplate redis, SessionRepository repository,
            @Value("${dropline.redis.namespace:dl}") String namespace, SessionProperties properties, Clock clock) {
        this.redis = redis;
        this.repository = repository;
        this.namespace = namespace;
        this.tokenLife = properties.accessTokenTtl().plus(GATEWAY_SKEW);
        this.timeout = properties.redisTimeout();
        this.clock = clock;
    }

    /**
     * Caches a revocation that PostgreSQL already holds. A failure is an error (503), not silently ignored: the
     * client's retry writes the key again, and so does the keeper.
     */
    Mono<Void> publish(UUID sessionId, Instant revokedAt) {
        return write(sessionId, revokedAt)
                .then(repository.markCached(List.of(sessionId), clock.instant()))
                .doOnError(failed -> log.warn("Could not cache the revocation of session {}: {}",
                        SessionIds.session(sessionId), failed.toString()))
                .onErrorMap(failed -> !(failed instanceof ApiException),
                        failed -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE")
                                .retryAfter(5));
    }

    /** Whether the cache holds every live revocation, i.e. a missing key means "not revoked". */
    Mono<Boolean> cacheComplete() {
        return redis.hasKey(RevocationKeys.complete(namespace)).timeout(timeout);
    }

    /** Writes the revocations a failed write left uncached; answers how many. */
    Mono<Integer> writeUncached() {
        return repository.uncachedRevocations(MARK_BATCH)
                .flatMap(revocation -> write(revocation.sessionId(), revocation.revokedAt()).thenReturn(revocation.sessionId()),
                        WRITE_CONCURRENCY)
                .collectList()
                .flatMap(written -> written.isEmpty() ? Mono.just(0)
                        : repository.markCached(written, clock.instant()).thenReturn(written.size()));
    }

    /**
     * Copies every live revocation from PostgreSQL into Redis and then marks the cache complete, unless Redis lost
     * data meanwhile (the rebuild's lease is gone with it, so the marker is not set and the next tick starts over).
     * Answers whether this rebuild completed the cache; false as well when another replica holds the lease.
     */
    Mono<Boolean> rebuild() {
        // Ids, not UUID.randomUUID(): SecureRandom may read /dev/urandom, and this runs on an event loop.
        String rebuildId = Ids.newUuid().toString();
        return redis.opsForValue().setIfAbsent(RevocationKeys.rebuild(namespace), rebuildId, REBUILD_LEASE)
                .timeout(timeout)
                .flatMap(leased -> leased ? copyAndComplete(rebuildId) : Mono.just(false));
    }

    private Mono<Boolean> copyAndComplete(String rebuildId) {
        return repository.revokedSince(clock.instant().minus(tokenLife))
                .flatMap(revocation -> write(revocation.sessionId(), revocation.revokedAt()), WRITE_CONCURRENCY)
                .then(redis.execute(COMPLETE, List.of(RevocationKeys.rebuild(namespace), RevocationKeys.complete(namespace)),
                        List.of(rebuildId)).next().timeout(timeout))
                .map(completed -> completed == 1L);
    }

    /** Writes one revocation's key for as long as a token of the session can be alive; nothing once none can. */
    private Mono<Void> write(UUID sessionId, Instant revokedAt) {
        Duration remaining = Duration.between(clock.instant(), revokedAt.plus(tokenLife));
        if (remaining.isNegative() || remaining.isZero()) {
            return Mono.empty();
        }
        return redis.opsForValue().set(key(sessionId), "1", remaining)
                .timeout(timeout)
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
        return RevocationKeys.revoked(namespace, SessionIds.session(sessionId));
    }
}
