package io.dropline.experiences.access.draw;

import io.dropline.experiences.access.distribution.AccessMeters;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Group commit of draw entries, as the queue's {@code JoinBatcher}: the entries of one draw that arrive within a couple
 * of milliseconds share one PostgreSQL transaction ({@link DrawRecord#enter}), so a burst of thousands of entries per
 * second costs tens of commits. Batches of one draw run one after another on this instance; across instances the
 * draw's row lock orders them. Every entry is answered only after its batch committed (durable before acknowledged).
 */
@Component
class EntryBatcher {

    private static final Logger log = LoggerFactory.getLogger(EntryBatcher.class);

    private final DrawRecord record;
    private final DrawProperties properties;
    private final Clock clock;
    private final AccessMeters meters;
    private final Map<UUID, FluxSink<Entry>> pipelines = new ConcurrentHashMap<>();

    EntryBatcher(DrawRecord record, DrawProperties properties, Clock clock, AccessMeters meters) {
        this.record = record;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** One consumer's outcome: their entry (new or existing), or turned away because the draw is full or closed. */
    record Outcome(DrawEntry entry, boolean full, boolean closed) {
    }

    private record Entry(UUID drawId, UUID consumer, MonoSink<Outcome> reply) {
    }

    Mono<Outcome> enter(UUID drawId, UUID consumer) {
        return Mono.create(reply -> pipelineOf(drawId).next(new Entry(drawId, consumer, reply)));
    }

    private FluxSink<Entry> pipelineOf(UUID drawId) {
        return pipelines.computeIfAbsent(drawId, id -> {
            // One pipeline per draw that had an entry on this instance; batches of it commit one at a time (concatMap),
            // and a batch that closes while the previous one commits waits for it (fair back-pressure).
            AtomicReference<FluxSink<Entry>> created = new AtomicReference<>();
            Flux.<Entry>create(created::set)
                    .bufferTimeout(properties.batchSize(), properties.batchWindow(), true)
                    .concatMap(this::commit)
                    .doFinally(ended -> pipelines.remove(id))
                    .subscribe();
            return created.get();
        });
    }

    private Mono<Void> commit(List<Entry> batch) {
        UUID drawId = batch.get(0).drawId();
        List<UUID> consumers = List.copyOf(new LinkedHashSet<>(batch.stream().map(Entry::consumer).toList()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return record.enter(drawId, consumers, now)
                .doOnNext(result -> meters.entered(DrawTimers.TYPE, result.entered()))
                .doOnNext(result -> batch.forEach(entry -> {
                    boolean full = result.full().contains(entry.consumer());
                    entry.reply().success(new Outcome(full ? null : result.entries().get(entry.consumer()), full, result.closed()));
                }))
                .switchIfEmpty(Mono.fromRunnable(() -> batch.forEach(entry -> entry.reply().success(new Outcome(null, false, true)))))
                .doOnError(failure -> {
                    log.warn("A batch of {} entries to draw {} failed", batch.size(), drawId, failure);
                    batch.forEach(entry -> entry.reply().error(failure));
                })
                .then()
                .onErrorResume(failure -> Mono.empty());
    }
}
