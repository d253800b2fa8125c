package io.dropline.experiences.access.line;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Announces that an admin committed new settings of a queue (an update, a stop, a delete), to this instance at once
 * and to the others over a Redis channel, so that their {@link QueueSettingsCache} drops its copy: an operator's pause
 * (a lowered {@code maxAdmissions}) or stop holds from the moment it is answered, not a cache TTL later.
 */
@Component
public class QueueSettingsChanges {

    private static final Logger log = LoggerFactory.getLogger(QueueSettingsChanges.class);

    private final Sinks.Many<UUID> changes = Sinks.many().multicast().directBestEffort();
    private final LineIndex index;

    QueueSettingsChanges(LineIndex index, @Qualifier("lineRedisPubSub") StatefulRedisPubSubConnection<String, String> pubSub) {
        this.index = index;
        String channel = index.keys().settingsChanges();
        pubSub.reactive().observeChannels()
                .filter(message -> message.getChannel().equals(channel))
                .subscribe(message -> emit(UUID.fromString(message.getMessage())));
        pubSub.reactive().subscribe(channel).subscribe();
    }

    /**
     * The queue's settings changed. A failed announcement is logged, not the admin's error: the change is committed,
     * and the cache's TTL bounds how long another instance may still use the old settings.
     */
    public Mono<Void> changed(UUID queueId) {
        return Mono.fromRunnable(() -> emit(queueId))
                .then(index.publishSettingsChange(queueId))
                .onErrorResume(failure -> {
                    log.warn("Announcing new settings of queue {} failed: {}", queueId, failure.toString());
                    return Mono.empty();
                });
    }

    /** Every queue whose settings changed, here or on another instance. */
    Flux<UUID> asFlux() {
        return changes.asFlux();
    }

    private void emit(UUID queueId) {
        changes.emitNext(queueId, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(10)));
    }
}
