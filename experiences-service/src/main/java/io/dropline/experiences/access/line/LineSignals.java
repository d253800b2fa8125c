package io.dropline.experiences.access.line;

import io.dropline.contracts.web.ErrorMapping;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Server-Sent Events of queue status. Each instance subscribes once to the Redis channel on which every
 * instance announces "something changed in queue Q" (a tick granted, someone left); each open stream then
 * re-reads its consumer's status from the index — never from PostgreSQL — and sends it only when it changed.
 */
@Component
class LineSignals {

    private static final Duration COALESCE = Duration.ofMillis(250);
    /** How long a client waits before reconnecting a stream that ended because a dependency was unavailable. */
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

    private final Sinks.Many<UUID> changes = Sinks.many().multicast().directBestEffort();
    private final LineService service;
    private final LineProperties properties;

    LineSignals(@Qualifier("lineRedisPubSub") StatefulRedisPubSubConnection<String, String> pubSub, LineIndex index,
            LineService service, LineProperties properties) {
        this.service = service;
        this.properties = properties;
        pubSub.reactive().observeChannels()
                .filter(message -> message.getChannel().equals(index.keys().changes()))
                .map(message -> UUID.fromString(message.getMessage()))
                .subscribe(queue -> changes.emitNext(queue, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(10))));
        pubSub.reactive().subscribe(index.keys().changes()).subscribe();
    }

    /**
     * The consumer's status now, then at every change (at most four times a second), until a final state.
     *
     * <p>When Redis (or PostgreSQL) is unavailable before the first status, the error reaches the client as the
     * API's 503 with {@code Retry-After}. Once the stream has answered, its status and headers are sent and an error
     * could only break the connection; it ends instead with a {@code retry:} hint, so an {@code EventSource}
     * reconnects after {@link #RECONNECT_AFTER} (and gets a 503 with Retry-After while the outage lasts).
     */
    Flux<ServerSentEvent<QueueStatus>> stream(QueueSettings queue, UUID consumer) {
        return Flux.defer(() -> {
            AtomicBoolean answered = new AtomicBoolean();
            Flux<QueueStatus> updates = Flux.concat(Mono.just(queue.id()), changes.asFlux().filter(queue.id()::equals).sample(COALESCE))
                    .concatMap(change -> service.statusOf(queue, consumer))
                    .doOnNext(status -> answered.set(true))
                    .distinctUntilChanged()
                    .takeUntil(QueueStatus::isFinal);
            // One subscription to the status reads, shared by the events and the heartbeats' stop signal: each change
            // costs a stream one Redis read, and the stream ends when the status reaches a final state.
            Flux<ServerSentEvent<QueueStatus>> events = updates
                    .map(status -> ServerSentEvent.builder(status).event("status").build())
                    .onErrorResume(failure -> answered.get() && ErrorMapping.dependencyUnavailable(failure),
                            outage -> Mono.just(reconnectLater()))
                    .share();
            Flux<ServerSentEvent<QueueStatus>> heartbeats = Flux.interval(properties.heartbeat())
                    .map(beat -> ServerSentEvent.<QueueStatus>builder().comment("keep-alive").build());
            return Flux.merge(events, heartbeats.takeUntilOther(events.then()));
        });
    }

    private static ServerSentEvent<QueueStatus> reconnectLater() {
        return ServerSentEvent.<QueueStatus>builder().comment("unavailable").retry(RECONNECT_AFTER).build();
    }
}
