package io.dropline.experiences.access.line;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Queue settings for the hot paths, cached for {@link LineProperties#settingsTtl()} so that joins, status reads and
 * ticks do not ask PostgreSQL each time. A copy is dropped as soon as {@link QueueSettingsChanges} announces an admin
 * change; the TTL only bounds staleness when an announcement is lost (Redis briefly away).
 *
 * <p>The admission ticker reloads the settings of every queue it ticks once they are half the TTL old
 * ({@link #forTick}), so a queue that is running always has a fresh copy here and its status reads and joins never
 * load one: during a burst of reads the only PostgreSQL statements are the admission's own (issue 16). A queue
 * nobody ticks (not open yet, retired) is loaded by the first request after its copy expired, as before.
 */
@Component
class QueueSettingsCache {

    private final QueueSettingsSource queues;
    private final AsyncCache<UUID, QueueSettings> cache;
    private final long refreshAfterNanos;

    @Autowired
    QueueSettingsCache(QueueSettingsSource queues, LineProperties properties, QueueSettingsChanges changes) {
        this(queues, properties.settingsTtl(), Ticker.systemTicker());
        changes.asFlux().subscribe(this::forget);
    }

    /** With a ticker of its own, for tests that move time. */
    QueueSettingsCache(QueueSettingsSource queues, Duration ttl, Ticker ticker) {
        this.queues = queues;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).ticker(ticker).maximumSize(10_000).buildAsync();
        this.refreshAfterNanos = ttl.toNanos() / 2;
    }

    /** Settings by id, for timers; empty when the queue no longer exists. */
    Mono<QueueSettings> get(UUID queueId) {
        return Mono.fromFuture(() -> cache.get(queueId, (id, executor) -> queues.settings(id).toFuture()))
                .onErrorResume(NullPointerException.class, absent -> Mono.empty());
    }

    /**
     * Settings for the admission ticker: the cached copy while it is younger than half the TTL, else a fresh load
     * that replaces it (readers keep the old copy until the load completes). Empty when the queue no longer exists.
     */
    Mono<QueueSettings> forTick(UUID queueId) {
        long age = cache.synchronous().policy().expireAfterWrite()
                .flatMap(expiry -> expiry.ageOf(queueId, TimeUnit.NANOSECONDS).stream().boxed().findFirst())
                .orElse(Long.MAX_VALUE);
        if (age < refreshAfterNanos) {
            return get(queueId);
        }
        return Mono.fromFuture(() -> {
                    CompletableFuture<QueueSettings> loading = queues.settings(queueId).toFuture();
                    // A future that completes empty (queue deleted) or failed is dropped by the cache itself.
                    cache.put(queueId, loading);
                    return loading;
                })
                .onErrorResume(NullPointerException.class, absent -> Mono.empty());
    }

    /** Settings of a queue the caller's tenant owns; 404 "Queue not found" for anything else. */
    Mono<QueueSettings> get(InternalContext context, String publicId) {
        return Mono.justOrEmpty(Ids.parse("queue", publicId))
                .flatMap(this::get)
                .filter(queue -> queue.organizationId().equals(context.organizationId())
                        && queue.environment() == context.environment())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Queue")));
    }

    void forget(UUID queueId) {
        cache.synchronous().invalidate(queueId);
    }
}
