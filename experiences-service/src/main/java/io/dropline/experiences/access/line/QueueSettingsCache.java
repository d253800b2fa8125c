package io.dropline.experiences.access.line;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Queue settings for the hot paths, cached for {@link LineProperties#settingsTtl()} so that joins, status reads and
 * ticks do not ask PostgreSQL each time. A copy is dropped as soon as {@link QueueSettingsChanges} announces an admin
 * change; the TTL only bounds staleness when an announcement is lost (Redis briefly away).
 */
@Component
class QueueSettingsCache {

    private final QueueSettingsSource queues;
    private final AsyncCache<UUID, QueueSettings> cache;

    QueueSettingsCache(QueueSettingsSource queues, LineProperties properties, QueueSettingsChanges changes) {
        this.queues = queues;
        this.cache = Caffeine.newBuilder().expireAfterWrite(properties.settingsTtl()).maximumSize(10_000).buildAsync();
        changes.asFlux().subscribe(this::forget);
    }

    /** Settings by id, for timers; empty when the queue no longer exists. */
    Mono<QueueSettings> get(UUID queueId) {
        return Mono.fromFuture(() -> cache.get(queueId, (id, executor) -> queues.settings(id).toFuture()))
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

    private void forget(UUID queueId) {
        cache.synchronous().invalidate(queueId);
    }
}
