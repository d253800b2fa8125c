package io.dropline.experiences.access.draw;

import io.dropline.experiences.access.distribution.AccessMeters;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.TimerJob;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A draw's timers on the distribution core (ADR 0009, ADR 0010), each run once across replicas inside the
 * transaction that marks it done:
 * <ul>
 *   <li>{@code open} at openAt (or creation) and {@code close} at the end of the entry window (closeAt, drawAt, or
 *       the stop): {@code distribution.opened} / {@code distribution.closed};</li>
 *   <li>{@code draw} at drawAt: the draw itself ({@link DrawRecord#draw}), never for a stopped draw;</li>
 *   <li>{@code expire@<micros>} at the earliest live grant expiry: lapsed winners lose their grant and, with backfill,
 *       the next entries in key order are selected; each run arms the next one (a new kind per time, because a job
 *       cannot re-arm itself while it holds its own claim);</li>
 *   <li>{@code lost><key>}: the next chunk of {@code draw.consumer.lost} events after that key, then the next chunk.</li>
 * </ul>
 */
@Component
class DrawTimers {

    private static final Logger log = LoggerFactory.getLogger(DrawTimers.class);

    static final String TYPE = "draw";
    static final String OPEN = "open";
    static final String CLOSE = "close";
    static final String DRAW = "draw";
    static final String EXPIRE = "expire@";
    static final String LOST = "lost>";
    static final int LOST_CHUNK = 5_000;

    private final DistributionTimers timers;
    private final DistributionEvents events;
    private final DrawRepository repository;
    private final DrawRecord record;
    private final Clock clock;
    private final AccessMeters meters;

    DrawTimers(DistributionTimers timers, DistributionEvents events, DrawRepository repository, DrawRecord record, Clock clock,
            AccessMeters meters) {
        this.clock = clock;
        this.meters = meters;
        this.timers = timers;
        this.events = events;
        this.repository = repository;
        this.record = record;
    }

    /** Arms (or re-arms, or drops) the open, close and draw timers for the row as it now is; inside its transaction. */
    Mono<DrawEntity> arm(DrawEntity draw) {
        return timers.arm(TYPE, draw.id(), OPEN, draw.stopped() ? null : draw.openAt() != null ? draw.openAt() : draw.createdAt())
                .then(timers.arm(TYPE, draw.id(), CLOSE, closeDue(draw)))
                .then(timers.arm(TYPE, draw.id(), DRAW, draw.stopped() || draw.drawn() ? null : draw.drawAt()))
                .thenReturn(draw);
    }

    Mono<DrawEntity> disarm(DrawEntity draw) {
        return timers.disarmAll(draw.id()).thenReturn(draw);
    }

    /** Entries end at closeAt or drawAt, whichever is first, or when stopped (if that came first). */
    private static Instant closeDue(DrawEntity draw) {
        Instant end = draw.closeAt() != null && draw.closeAt().isBefore(draw.drawAt()) ? draw.closeAt() : draw.drawAt();
        if (!draw.stopped()) {
            return end;
        }
        Instant stoppedAt = draw.statusOverrideAt() != null ? draw.statusOverrideAt() : draw.updatedAt();
        return end.isBefore(stoppedAt) ? end : stoppedAt;
    }

    Mono<Void> onTimer(TimerJob job) {
        if (job.kind().startsWith(EXPIRE)) {
            return expire(job.distributionId(), job.dueAt());
        }
        if (job.kind().startsWith(LOST)) {
            return lost(job.distributionId(), job.kind().substring(LOST.length()));
        }
        return repository.findAnyById(job.distributionId())
                .flatMap(draw -> switch (job.kind()) {
                    case OPEN -> draw.stopped() ? Mono.<Void>empty() : events.opened(draw.ref(), job.dueAt());
                    case CLOSE -> events.closed(draw.ref(), job.dueAt(), draw.activeEntries());
                    case DRAW -> runDraw(draw.id());
                    default -> Mono.<Void>error(new IllegalArgumentException("Not a draw timer: " + job.kind()));
                });
    }

    /**
     * The draw, now (at most a poll interval after drawAt; later only if the replica that claimed it died, and then the
     * winners' windows still start when they are drawn); then the first chunk of lost events and the first expiry are
     * armed in the same transaction.
     */
    private Mono<Void> runDraw(UUID drawId) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return record.draw(drawId, now())
                    .flatMap(drawn -> armFollowUps(drawn.draw())
                            // Before the commit, which the core does next: the figure bench/draw.sh reads.
                            .doOnSuccess(done -> log.info("Drew {}: {} winners of {} entries in {} ms", DrawIds.format(drawId),
                                    drawn.winners().size(), drawn.draw().entryCount(), (System.nanoTime() - started) / 1_000_000)));
        });
    }

    /** At least the due time, so the grants this job was armed for lapse even if this clock trails the database's. */
    private Mono<Void> expire(UUID drawId, Instant dueAt) {
        Instant now = now();
        return record.expire(drawId, now.isBefore(dueAt) ? dueAt : now)
                .flatMap(expired -> meters.grantsExpiredOnCommit(TYPE, expired.lapsed().size()).then(armExpiry(expired.draw())));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Mono<Void> armFollowUps(DrawEntity drawn) {
        Mono<Void> lost = drawn.selectedThroughKey() == null && drawn.entryCount() != null && drawn.entryCount() == 0 ? Mono.empty()
                : timers.arm(TYPE, drawn.id(), LOST + (drawn.selectedThroughKey() == null ? "" : drawn.selectedThroughKey()),
                        drawn.drawnAt());
        return lost.then(armExpiry(drawn));
    }

    private Mono<Void> armExpiry(DrawEntity draw) {
        return record.nextExpiry(draw.id())
                .flatMap(next -> timers.arm(TYPE, draw.id(), EXPIRE + micros(next), next));
    }

    private Mono<Void> lost(UUID drawId, String afterKey) {
        return repository.findAnyById(drawId)
                .filter(DrawEntity::drawn)
                .flatMap(draw -> record.lostAfter(draw, afterKey, LOST_CHUNK)
                        .flatMap(last -> timers.arm(TYPE, drawId, LOST + last, draw.drawnAt())));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
