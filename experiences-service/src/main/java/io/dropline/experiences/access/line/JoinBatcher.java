package io.dropline.experiences.access.line;

import io.dropline.experiences.access.distribution.AccessMeters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Group commit of joins (design/waiting-room.md, "Join"): the joins of one queue that arrive within a couple
 * of milliseconds share one PostgreSQL transaction, so thousands of joins per second cost tens of commits.
 * Batches of one queue run one after another on this instance; across instances the queue's row lock orders
 * them. Every join is answered only after its batch committed and the index holds it; a waiting joiner's position
 * comes from the script that mirrored the batch (join.lua), not from a second read.
 */
@Component
class JoinBatcher {

    private static final Logger log = LoggerFactory.getLogger(JoinBatcher.class);

    private final LineRecord record;
    private final LineIndex index;
    private final LineProperties properties;
    private final Clock clock;
    private final AccessMeters meters;
    private final Map<UUID, FluxSink<Join>> pipelines = new ConcurrentHashMap<>();
    /** Joins per committed batch: how well group commit works (joins per transaction), whatever the queue. */
    private final DistributionSummary batchSizes;

    JoinBatcher(LineRecord record, LineIndex index, LineProperties properties, Clock clock, AccessMeters meters,
            MeterRegistry registry) {
        this.record = record;
        this.index = index;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.batchSizes = DistributionSummary.builder("dropline.line.join.batch.size")
                .description("Joins committed together in one PostgreSQL transaction (group commit)")
                .register(registry);
    }

    /**
     * The outcome of one join: the consumer's entry, or null when the queue was full for them; {@code placed} is the
     * position the batch's mirror gave a waiting consumer, null when it did not place them (an entry that is not
     * waiting, or a missing index): the caller then answers through the status path.
     */
    record Outcome(Entry entry, IndexState.Queued placed) {

        boolean full() {
            return entry == null;
        }
    }

    private record Join(QueueSettings queue, UUID consumer, MonoSink<Outcome> reply) {
    }

    Mono<Outcome> join(QueueSettings queue, UUID consumer) {
        return Mono.create(reply -> pipelineOf(queue.id()).next(new Join(queue, consumer, reply)));
    }

    private FluxSink<Join> pipelineOf(UUID queueId) {
        return pipelines.computeIfAbsent(queueId, id -> {
            // FluxSink.next is safe from many threads; the batches themselves run one at a time (concatMap).
            // The pipeline lives as long as the instance: one per queue that ever had a join here.
            // Fair back-pressure: a batch that closes while the previous one is still committing waits for it
            // instead of failing the pipeline. No prefetch (concatMap's 0): while a batch commits nothing is
            // requested, so every join arriving meanwhile gathers into the next batch (up to batchSize). With the
            // default prefetch of 32 the window cut them into 2 ms slices queued behind the commit, each its own
            // transaction: under 64 concurrent joiners batches of a handful, and each joiner waited for all of them.
            AtomicReference<FluxSink<Join>> created = new AtomicReference<>();
            Flux.<Join>create(created::set)
                    .bufferTimeout(properties.batchSize(), properties.batchWindow(), true)
                    .concatMap(this::commit, 0)
                    .doFinally(ended -> pipelines.remove(id))
                    .subscribe();
            return created.get();
        });
    }

    private Mono<Void> commit(List<Join> batch) {
        batchSizes.record(batch.size());
        QueueSettings queue = batch.get(batch.size() - 1).queue();
        List<UUID> consumers = List.copyOf(new LinkedHashSet<>(batch.stream().map(Join::consumer).toList()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return record.join(queue, consumers, now)
                // Counted once committed, per batch (one increment, whatever the mirror does next).
                .doOnNext(result -> meters.entered("queue", result.entered()))
                .flatMap(result -> index.placeJoined(queue.id(), waiting(result, consumers))
                        // The active set is not under the queue's hash tag, so it stays outside the script (Redis Cluster).
                        .flatMap(placed -> index.markActive(queue.id()).thenReturn(placed))
                        .doOnNext(placed -> batch.forEach(join -> join.reply().success(outcome(result, placed, join.consumer())))))
                .doOnError(failure -> {
                    log.warn("A batch of {} joins to queue {} failed", batch.size(), queue.id(), failure);
                    batch.forEach(join -> join.reply().error(failure));
                })
                .then()
                .onErrorResume(failure -> Mono.empty());
    }

    /** The batch's entries the record holds as waiting, in the batch's arrival order. */
    private static List<Entry> waiting(LineRecord.JoinResult result, List<UUID> consumers) {
        return consumers.stream()
                .map(consumer -> result.entries().get(consumer))
                .filter(entry -> entry != null && entry.is(LineRecord.QUEUED))
                .toList();
    }

    private static Outcome outcome(LineRecord.JoinResult result, LineIndex.Placed placed, UUID consumer) {
        if (result.full().contains(consumer)) {
            return new Outcome(null, null);
        }
        return new Outcome(result.entries().get(consumer), placed.positions().get(consumer));
    }
}
