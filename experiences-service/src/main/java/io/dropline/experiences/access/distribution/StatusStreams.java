package io.dropline.experiences.access.distribution;

import io.dropline.contracts.web.ErrorMapping;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Server-Sent Events of a consumer's status for the types without a Redis index (timed releases, waitlists): the
 * status now, then again every {@code dropline.distribution.status-stream.poll} (1 s) from PostgreSQL, sent only when
 * it changed, until a final state, with a comment heartbeat every 15 s as the queue's stream. Reading the record
 * (one primary-key lookup a second per open stream) makes every replica's stream see every change whichever replica
 * made it, with no pub/sub to lose. Errors before the first event are the API's errors (404, 503); after it, an
 * outage ends the stream with a {@code retry:} hint.
 */
@Component
public class StatusStreams {

    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

    private final Duration poll;
    private final Duration heartbeat;

    StatusStreams(@Value("${dropline.distribution.status-stream.poll:1s}") Duration poll,
            @Value("${dropline.distribution.status-stream.heartbeat:15s}") Duration heartbeat) {
        this.poll = poll;
        this.heartbeat = heartbeat;
    }

    /**
     * @param changeOf what makes two statuses different for the client ({@code distinctUntilChanged} key): e.g. not
     *                 the signature of a grant signed again on each read
     */
    public <T> Flux<ServerSentEvent<T>> stream(Supplier<Mono<T>> status, Predicate<T> isFinal, Function<T, ?> changeOf) {
        return Flux.defer(() -> {
            AtomicBoolean answered = new AtomicBoolean();
            // A tick that comes while the previous read is still running is dropped (a slow database must not
            // overflow the interval, and one read at a time per stream is enough).
            Flux<ServerSentEvent<T>> events = Flux.concat(Mono.just(0L), Flux.interval(poll).onBackpressureDrop())
                    .concatMap(tick -> status.get())
                    .doOnNext(current -> answered.set(true))
                    .distinctUntilChanged(changeOf)
                    .takeUntil(isFinal)
                    .map(current -> ServerSentEvent.builder(current).event("status").build())
                    .onErrorResume(failure -> answered.get() && ErrorMapping.dependencyUnavailable(failure),
                            outage -> Mono.just(ServerSentEvent.<T>builder().comment("unavailable").retry(RECONNECT_AFTER).build()))
                    .share();
            Flux<ServerSentEvent<T>> heartbeats = Flux.interval(heartbeat).onBackpressureDrop()
                    .map(beat -> ServerSentEvent.<T>builder().comment("keep-alive").build());
            return Flux.merge(events, heartbeats.takeUntilOther(events.then()));
        });
    }
}
