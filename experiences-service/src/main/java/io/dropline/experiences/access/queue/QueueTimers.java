package io.dropline.experiences.access.queue;

import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.TimerJob;
import io.dropline.experiences.access.line.LineStatistics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A queue's timers on the distribution core: {@code open} at its openAt (its creation when it has none) and
 * {@code close} at its closeAt or when an admin stops it, armed in the transaction of every change to the row and
 * dropped with it; at each, the queue publishes {@code distribution.opened} / {@code distribution.closed}. Admissions
 * are not timers here: the engine's ticker (package {@code line}) runs them continuously.
 */
@Component
class QueueTimers {

    static final String TYPE = "queue";
    static final String OPEN = "open";
    static final String CLOSE = "close";

    private final DistributionTimers timers;
    private final DistributionEvents events;
    private final QueueRepository repository;
    private final LineStatistics statistics;

    QueueTimers(DistributionTimers timers, DistributionEvents events, QueueRepository repository, LineStatistics statistics) {
        this.timers = timers;
        this.events = events;
        this.repository = repository;
        this.statistics = statistics;
    }

    /** Arms (or re-arms, or drops) both timers for the row as it now is; call inside the transaction that wrote it. */
    Mono<QueueEntity> arm(QueueEntity queue) {
        return timers.arm(TYPE, queue.id(), OPEN, openDue(queue))
                .then(timers.arm(TYPE, queue.id(), CLOSE, closeDue(queue)))
                .thenReturn(queue);
    }

    /** The queue is deleted: so are its timers. */
    Mono<QueueEntity> disarm(QueueEntity queue) {
        return timers.disarmAll(queue.id()).thenReturn(queue);
    }

    /** A stopped queue never opens (a pending open is dropped); otherwise it opens at openAt, or from its creation. */
    private static Instant openDue(QueueEntity queue) {
        if (queue.stopped()) {
            return null;
        }
        return queue.openAt() != null ? queue.openAt() : queue.createdAt();
    }

    /** It closes at closeAt, or when stopped (if that came first); never while neither is set. */
    private static Instant closeDue(QueueEntity queue) {
        if (!queue.stopped()) {
            return queue.closeAt();
        }
        Instant stoppedAt = queue.statusOverrideAt() != null ? queue.statusOverrideAt() : queue.updatedAt();
        return queue.closeAt() != null && queue.closeAt().isBefore(stoppedAt) ? queue.closeAt() : stoppedAt;
    }

    /** A due timer of a queue; a queue deleted since has nothing left to announce. */
    Mono<Void> onTimer(TimerJob job) {
        return repository.findAnyById(job.distributionId())
                .flatMap(queue -> switch (job.kind()) {
                    case OPEN -> queue.stopped() ? Mono.<Void>empty() : events.opened(queue.settings().ref(), job.dueAt());
                    case CLOSE -> participants(queue.id())
                            .flatMap(total -> events.closed(queue.settings().ref(), job.dueAt(), total));
                    default -> Mono.<Void>error(new IllegalArgumentException("Not a queue timer: " + job.kind()));
                });
    }

    private Mono<Long> participants(UUID queueId) {
        return statistics.countsByStatus(List.of(queueId))
                .map(counts -> counts.values().stream().mapToLong(Long::longValue).sum());
    }
}
