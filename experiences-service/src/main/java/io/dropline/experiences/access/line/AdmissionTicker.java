package io.dropline.experiences.access.line;

import io.dropline.contracts.timer.Polling;
import io.dropline.experiences.access.distribution.AccessMeters;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every instance ticks every active queue (design/waiting-room.md, "Admission tick"). The arithmetic of who is
 * admitted is one atomic Lua script on Redis's clock, so any number of instances ticking at once admit exactly
 * the configured rate; the grants are then committed in PostgreSQL (only entries still QUEUED, within
 * maxAdmissions) and mirrored. Work a dead instance left half done (popped but not granted) and grants that
 * expired are claimed by exactly one instance and finished the same way (invariant 3).
 */
@Component
class AdmissionTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdmissionTicker.class);
    private static final int MAX_CLAIM = 500;

    private final QueueSettingsCache settings;
    private final LineIndex index;
    private final LineRecord record;
    private final LineMirror mirror;
    private final LineProperties properties;
    private final Clock clock;
    private final LineMeters meters;
    private final AccessMeters accessMeters;
    private volatile Disposable ticking;

    AdmissionTicker(QueueSettingsCache settings, LineIndex index, LineRecord record, LineMirror mirror,
            LineProperties properties, Clock clock, LineMeters meters, AccessMeters accessMeters) {
        this.settings = settings;
        this.index = index;
        this.record = record;
        this.mirror = mirror;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.accessMeters = accessMeters;
    }

    @Override
    public void start() {
        ticking = Polling.every(properties.tickInterval(), this::tickAll,
                failure -> log.warn("Admission round failed: {}", failure.toString()));
    }

    @Override
    public void stop() {
        if (ticking != null) {
            ticking.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return ticking != null && !ticking.isDisposed();
    }

    /** One round over all active queues; a failure of one queue is logged and never stops the ticking. */
    Mono<Void> tickAll() {
        return index.activeQueues()
                .collectList()
                .flatMap(active -> Flux.fromIterable(active)
                        .flatMap(this::tickQueue, 8)
                        .then(Mono.fromRunnable(() -> meters.retainOnly(active))))
                .then()
                .onErrorResume(failure -> {
                    log.warn("Admission round failed: {}", failure.toString());
                    return Mono.empty();
                });
    }

    Mono<Void> tickQueue(UUID queueId) {
        // forTick keeps the running queue's settings fresh, so its status reads and joins never load them.
        return settings.forTick(queueId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(found -> found.map(this::tickExisting).orElseGet(() -> index.markInactive(queueId)))
                .onErrorResume(failure -> {
                    log.warn("Tick of queue {} failed: {}", queueId, failure.toString());
                    return Mono.empty();
                });
    }

    /** A deleted queue drops out of the active set; an existing one admits, finishes stale work, expires grants. */
    private Mono<Void> tickExisting(QueueSettings queue) {
        return admit(queue).then(finishStale(queue)).then(expire(queue)).then(retireIfIdle(queue));
    }

    private Mono<Void> admit(QueueSettings queue) {
        Instant now = clock.instant();
        return index.tick(queue.id(), queue.admitRate(), queue.maxAdmissions(), !queue.admitsAt(now), properties.maxAdmitPerTick())
                .doOnNext(tick -> observe(queue, tick, now))
                .flatMap(tick -> tick.indexMissing() ? mirror.rebuild(queue).then()
                        : tick.popped().isEmpty() ? Mono.empty() : grant(queue, tick.popped()));
    }

    /** The gauges of the queue from what the tick answered: a queue at maxAdmissions or at rate 0 is not stalled. */
    private void observe(QueueSettings queue, LineIndex.Tick tick, Instant now) {
        if (!tick.indexMissing()) {
            meters.observed(queue.id(), tick.waiting(),
                    queue.admitsAt(now) && queue.admitRate() > 0 && !tick.capped());
        }
    }

    /** Entries stuck in "granting": the instance that popped them died before committing. */
    private Mono<Void> finishStale(QueueSettings queue) {
        return index.claimStaleGranting(queue.id(), properties.grantingTimeout(), MAX_CLAIM)
                .flatMap(stale -> stale.isEmpty() ? Mono.empty() : grant(queue, stale));
    }

    private Mono<Void> grant(QueueSettings queue, List<UUID> consumers) {
        return record.grant(queue, consumers, now())
                .doOnNext(result -> meters.admitted(queue.id(), result.granted().size()))
                .flatMap(result -> mirror.publishGrants(queue, result.granted())
                        .then(index.addQueued(queue.id(), result.stillQueued()))
                        .then(index.adjustAdmittedCount(queue.id(), -(consumers.size() - result.granted().size())))
                        .then(Flux.fromIterable(result.notQueued())
                                .concatMap(consumer -> record.find(queue.id(), consumer))
                                .collectList()
                                .flatMap(gone -> mirrorNotQueued(queue, gone))));
    }

    /**
     * Consumers the record would not grant now because they are no longer waiting. One already GRANTED is a grant
     * committed earlier whose mirror never completed (its instance died, or Redis timed out after the commit): its
     * grant is re-signed and made visible, as a rebuild would. Only the others are final (left, denied, completed);
     * marking a GRANTED entry final would fail the tick of the whole queue on every round.
     */
    private Mono<Void> mirrorNotQueued(QueueSettings queue, List<Entry> gone) {
        List<Entry> granted = gone.stream().filter(entry -> entry.is(LineRecord.GRANTED)).toList();
        List<Entry> ended = gone.stream().filter(entry -> !entry.is(LineRecord.GRANTED) && !entry.is(LineRecord.QUEUED)).toList();
        return (granted.isEmpty() ? Mono.<Void>empty() : mirror.publishGrants(queue, granted))
                .then(index.markFinal(queue.id(), ended));
    }

    private Mono<Void> expire(QueueSettings queue) {
        return index.claimExpired(queue.id(), MAX_CLAIM, properties.grantingTimeout())
                .flatMap(expired -> expired.isEmpty() ? Mono.empty()
                        : record.expire(queue, expired, now())
                                .doOnNext(changed -> accessMeters.grantsExpired("queue", changed.size()))
                                .flatMap(changed -> index.addQueued(queue.id(), changed.stream().filter(e -> e.is(LineRecord.QUEUED)).toList())
                                        .then(index.markFinal(queue.id(), changed.stream().filter(e -> !e.is(LineRecord.QUEUED)).toList()))
                                        // Only what the record changed is done; the rest stays leased and is retried.
                                        .then(index.removeExpiries(queue.id(), changed.stream().map(Entry::consumerId).toList()))
                                        .then(index.publishChange(queue.id()))
                                        .then(index.publishConsumerChanges(queue.id(), changed.stream().map(Entry::consumerId).toList()))));
    }

    /** A closed or stopped queue with nobody waiting and no live grant needs no more ticks. */
    private Mono<Void> retireIfIdle(QueueSettings queue) {
        Instant now = clock.instant();
        return queue.lifecycle().closedAt(now)
                ? index.idle(queue.id()).flatMap(idle -> idle ? index.markInactive(queue.id()) : Mono.empty())
                : Mono.empty();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public int getPhase() {
        // Stop ticking before the web server and the connection pools shut down.
        return Integer.MAX_VALUE - 100;
    }
}
