package io.dropline.experiences.access.line;

import io.dropline.contracts.web.ErrorMapping;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Server-Sent Events of queue status, and their push policy (docs/adr/0026-status-stream-push-policy.md).
 *
 * <p>Each instance subscribes once to two Redis channels: "positions moved in queue Q" (a tick admitted someone,
 * someone left) and "these consumers of queue Q changed state" (granted, expired, left, denied, completed). One
 * dispatcher per instance routes them to the open streams of that queue, held in a registry by queue:
 * <ul>
 *   <li>a consumer named in a state change re-reads its status from the index at once (GRANTED and final states
 *       are pushed within a tick);</li>
 *   <li>moved positions are swept every {@code dropline.line.position-interval} (5 s): every stream of a queue that
 *       moved re-reads once, and pushes only when its status differs from the last it sent; a line moving ten times a
 *       second costs each stream one read and at most one event per interval, not ten. A sweep wakes its streams in
 *       slices spread over half the interval, and a sweep's read that meets an outage is skipped, not fatal;</li>
 *   <li>heartbeats ({@code dropline.line.heartbeat}, 15 s) come from one timer for all streams, as one shared
 *       comment event.</li>
 * </ul>
 * A stream holds two single-slot inboxes, no timer and no unbounded buffer: a read requested while another is pending
 * is coalesced (the pending read happens after both changes, so it sees both), and a heartbeat for a client that is not
 * reading is dropped. Reads come from the index, never from PostgreSQL.
 */
@Component
class LineSignals implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LineSignals.class);
    /** How long a client waits before reconnecting a stream that ended because a dependency was unavailable. */
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);
    /** A sweep wakes at most this many streams at a time, */
    private static final int SWEEP_SLICE = 500;
    /** ... this often (or faster, to finish within half the position interval). */
    private static final Duration SWEEP_PACE = Duration.ofMillis(100);
    /** One instance, shared by every stream: nothing rendered per stream for a heartbeat. */
    private static final ServerSentEvent<QueueStatus> HEARTBEAT = ServerSentEvent.<QueueStatus>builder().comment("keep-alive").build();

    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final LineKeys keys;
    private final LineService service;
    private final LineProperties properties;
    /** Open streams of this instance by queue. */
    private final Map<UUID, Set<Listener>> listeners = new ConcurrentHashMap<>();
    /** Queues whose positions moved since the last sweep: touched by the dispatcher only (its signals are serialized). */
    private final Set<UUID> moved = new HashSet<>();
    private volatile Disposable dispatching;

    LineSignals(@Qualifier("lineRedisPubSub") StatefulRedisPubSubConnection<String, String> pubSub, LineIndex index,
            LineService service, LineProperties properties) {
        this.pubSub = pubSub;
        this.keys = index.keys();
        this.service = service;
        this.properties = properties;
    }

    /** What the dispatcher acts on; merged into one serialized flux, so its state needs no locks. */
    private sealed interface Signal permits Moved, Changed, Sweep, Beat {
    }

    private record Moved(UUID queue) implements Signal {
    }

    private record Changed(UUID queue, Set<UUID> consumers) implements Signal {
    }

    private record Sweep() implements Signal {
    }

    private record Beat() implements Signal {
    }

    @Override
    public void start() {
        String movedChannel = keys.changes();
        String changedChannel = keys.consumerChanges();
        Flux<Signal> announced = pubSub.reactive().observeChannels()
                .filter(message -> message.getChannel().equals(movedChannel) || message.getChannel().equals(changedChannel))
                .<Signal>handle((message, sink) -> {
                    try {
                        sink.next(message.getChannel().equals(movedChannel) ? new Moved(UUID.fromString(message.getMessage()))
                                : LineSignals.parseChanged(message.getMessage()));
                    } catch (IllegalArgumentException malformed) {
                        log.warn("Ignored a malformed queue signal on {}: {}", message.getChannel(), malformed.toString());
                    }
                });
        dispatching = Flux.merge(announced,
                        Flux.interval(properties.positionInterval()).onBackpressureDrop().map(tick -> new Sweep()),
                        Flux.interval(properties.heartbeat()).onBackpressureDrop().map(tick -> new Beat()))
                .subscribe(this::dispatch, failure -> log.error("Queue status dispatch stopped: {}", failure.toString()));
        pubSub.reactive().subscribe(movedChannel, changedChannel).subscribe();
    }

    @Override
    public void stop() {
        if (dispatching != null) {
            dispatching.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return dispatching != null && !dispatching.isDisposed();
    }

    /**
     * The consumer's status now, then at every change that concerns them (see the class comment), until a final state.
     *
     * <p>When Redis (or PostgreSQL) is unavailable before the first status, the error reaches the client as the
     * API's 503 with {@code Retry-After}. Once the stream has answered, its status and headers are sent and an error
     * could only break the connection; it ends instead with a {@code retry:} hint, so an {@code EventSource}
     * reconnects after {@link #RECONNECT_AFTER} (and gets a 503 with Retry-After while the outage lasts).
     */
    Flux<ServerSentEvent<QueueStatus>> stream(QueueSettings queue, UUID consumer) {
        return Flux.defer(() -> {
            Listener listener = new Listener(consumer);
            // Registered before the first read: a change after this point wakes the stream, one before it is in the read.
            register(queue.id(), listener);
            AtomicBoolean answered = new AtomicBoolean();
            Flux<ServerSentEvent<QueueStatus>> statuses = Flux.concat(Mono.just(Boolean.TRUE), listener.reads.asFlux())
                    .concatMap(read -> read(queue, listener, answered.get()), 1)
                    .doOnNext(status -> answered.set(true))
                    .filter(listener::isNews)
                    .map(status -> ServerSentEvent.builder(status).event("status").build());
            Flux<ServerSentEvent<QueueStatus>> heartbeats = listener.beats.asFlux().map(beat -> HEARTBEAT);
            return Flux.merge(statuses, heartbeats)
                    .takeUntil(event -> event.data() != null && event.data().isFinal())
                    .onErrorResume(failure -> answered.get() && ErrorMapping.dependencyUnavailable(failure),
                            outage -> Mono.just(reconnectLater()))
                    .doFinally(ended -> unregister(queue.id(), listener));
        });
    }

    /**
     * One status read. A sweep's read (only a position) that meets an outage is skipped: the next sweep or the
     * consumer's own change reads again, and ending thousands of streams at once would bring thousands of reconnections.
     * A read for the consumer's own change (or the first) that fails ends the stream with a {@code retry:} hint as before,
     * so the client reconnects and is told that change.
     */
    private Mono<QueueStatus> read(QueueSettings queue, Listener listener, boolean answered) {
        boolean urgent = listener.takeUrgent();
        return service.statusOf(queue, listener.consumer)
                .onErrorResume(failure -> answered && !urgent && ErrorMapping.dependencyUnavailable(failure), skipped -> Mono.empty());
    }

    /** Open streams of this instance (all queues). */
    int openStreams() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }

    private void dispatch(Signal signal) {
        if (signal instanceof Moved m) {
            if (listeners.containsKey(m.queue())) {
                moved.add(m.queue());
            }
        } else if (signal instanceof Changed c) {
            forEach(c.queue(), listener -> {
                if (c.consumers().contains(listener.consumer)) {
                    listener.wake(true);
                }
            });
        } else if (signal instanceof Sweep) {
            List<Listener> due = new ArrayList<>();
            for (UUID queue : moved) {
                forEach(queue, due::add);
            }
            moved.clear();
            paceSweep(due);
        } else if (signal instanceof Beat) {
            listeners.values().forEach(streams -> streams.forEach(Listener::beat));
        }
    }

    /**
     * Wakes a sweep's streams in slices of {@link #SWEEP_SLICE} every {@link #SWEEP_PACE} instead of all at once:
     * 20,000 status reads fired in one go queue up behind each other on the engine's one Redis connection and its event
     * loop, and on a loaded machine the last ones time out (which ends their streams). Spread over at most
     * {@code position-interval / 2}, they keep every read short.
     */
    private void paceSweep(List<Listener> due) {
        if (due.size() <= SWEEP_SLICE) {
            due.forEach(listener -> listener.wake(false));
            return;
        }
        int slices = (due.size() + SWEEP_SLICE - 1) / SWEEP_SLICE;
        long spreadMillis = Math.max(1, properties.positionInterval().toMillis() / 2);
        Duration pace = Duration.ofMillis(Math.min(SWEEP_PACE.toMillis(), spreadMillis / slices));
        Flux.fromIterable(due)
                .buffer(SWEEP_SLICE)
                .delayElements(pace)
                .subscribe(slice -> slice.forEach(listener -> listener.wake(false)),
                        failure -> log.warn("Position sweep failed: {}", failure.toString()));
    }

    private void forEach(UUID queue, java.util.function.Consumer<Listener> action) {
        Set<Listener> streams = listeners.get(queue);
        if (streams != null) {
            streams.forEach(action);
        }
    }

    private void register(UUID queue, Listener listener) {
        listeners.compute(queue, (id, streams) -> {
            Set<Listener> open = streams != null ? streams : ConcurrentHashMap.newKeySet();
            open.add(listener);
            return open;
        });
    }

    private void unregister(UUID queue, Listener listener) {
        listeners.computeIfPresent(queue, (id, streams) -> {
            streams.remove(listener);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** {@code "<queue> <consumer> <consumer> ..."}, as {@link LineIndex#publishConsumerChanges} writes it. */
    static Changed parseChanged(String message) {
        String[] parts = message.trim().split(" ");
        Set<UUID> consumers = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            consumers.add(UUID.fromString(parts[i]));
        }
        return new Changed(UUID.fromString(parts[0]), consumers);
    }

    private static ServerSentEvent<QueueStatus> reconnectLater() {
        return ServerSentEvent.<QueueStatus>builder().comment("unavailable").retry(RECONNECT_AFTER).build();
    }

    /**
     * One open stream: two single-slot inboxes filled by the dispatcher's one thread at a time, and the last status
     * it sent. A full inbox means a read (or heartbeat) is already pending: nothing to add.
     */
    private static final class Listener {

        final UUID consumer;
        final Sinks.Many<Boolean> reads = Sinks.many().unicast().onBackpressureBuffer(Queues.<Boolean>one().get());
        final Sinks.Many<Boolean> beats = Sinks.many().unicast().onBackpressureBuffer(Queues.<Boolean>one().get());
        private QueueStatus last;

        Listener(UUID consumer) {
            this.consumer = consumer;
        }

        /** Set by a wake for the consumer's own change, taken by the read that follows. */
        private final AtomicBoolean urgent = new AtomicBoolean();

        /**
         * Asks for a read. The dispatcher and a paced sweep may call this at once: a non-serialized emission is retried
         * (it is only ever contended for an instant), an overflow means a read is already pending.
         */
        void wake(boolean own) {
            if (own) {
                urgent.set(true);
            }
            emit(reads);
        }

        void beat() {
            emit(beats);
        }

        boolean takeUrgent() {
            return urgent.getAndSet(false);
        }

        private static void emit(Sinks.Many<Boolean> inbox) {
            while (inbox.tryEmitNext(Boolean.TRUE) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
                Thread.onSpinWait();
            }
        }

        /** Whether a status read differs from the last one sent (reads of one stream run one at a time). */
        boolean isNews(QueueStatus status) {
            if (status.equals(last)) {
                return false;
            }
            last = status;
            return true;
        }
    }

    @Override
    public int getPhase() {
        // Started before the web server takes requests; stopped after it stops.
        return Integer.MIN_VALUE + 100;
    }
}
