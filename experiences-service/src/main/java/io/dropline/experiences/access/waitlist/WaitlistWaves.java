package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.EventTypes;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.TimerJob;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A waitlist's notification waves on the core's timers (ADR 0009): wave {@code n} is the job {@code wave:n} of the
 * waitlist, so it commits exactly once across replicas (the lease's fencing token), and within it each WAITING
 * sign-up it picks becomes NOTIFIED under the waitlist's row lock with one {@code waitlist.consumer.notified} event:
 * nobody is notified twice in a wave (or at all, once notified). Blast takes everyone waiting; batched and priority
 * take {@code waveSize}, and arm wave n+1 {@code waveIntervalSeconds} later while anyone still waits. The first wave is
 * armed at {@code notifyAt}; an admin can run the next wave now ({@code POST /waitlists/{id}/waves}).
 */
@Component
class WaitlistWaves {

    private static final String PREFIX = "wave:";

    private final WaitlistRepository repository;
    private final DistributionTimers timers;
    private final DistributionEvents events;
    private final TransactionalOperator transaction;

    WaitlistWaves(WaitlistRepository repository, DistributionTimers timers, DistributionEvents events, TransactionalOperator transaction) {
        this.repository = repository;
        this.timers = timers;
        this.events = events;
        this.transaction = transaction;
    }

    static String kind(int wave) {
        return PREFIX + wave;
    }

    /** The wave number of a timer kind, if it is a wave. */
    static OptionalInt wave(String kind) {
        if (!kind.startsWith(PREFIX)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(kind.substring(PREFIX.length())));
        } catch (NumberFormatException notAWave) {
            return OptionalInt.empty();
        }
    }

    /** Runs wave {@code wave} inside the timer's transaction; a wave already sent, or of a stopped waitlist, does nothing. */
    Mono<Void> run(TimerJob job, int wave) {
        return repository.lockAnyById(job.distributionId())
                .filter(waitlist -> waitlist.wavesSent() < wave && !waitlist.stopped())
                .flatMap(waitlist -> notifyWave(waitlist, wave, job.dueAt()));
    }

    private Mono<Void> notifyWave(WaitlistEntity waitlist, int wave, Instant at) {
        boolean blast = "blast".equals(waitlist.notificationStrategy());
        Integer limit = blast ? null : waitlist.waveSize();
        return repository.notifyWave(waitlist.id(), wave, "priority".equals(waitlist.notificationStrategy()), limit, at)
                .map(row -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("consumerId", io.dropline.contracts.id.Ids.format("cons", row.consumerId()));
                    data.put("notifiedAt", at.toString());
                    data.put("wave", wave);
                    data.put("priority", row.priority());
                    return data;
                })
                .collectList()
                .flatMap(notified -> events.consumers(EventTypes.WAITLIST_NOTIFIED, waitlist.ref(), "waitlistId", notified, at))
                .then(repository.waveSent(waitlist.id(), wave))
                .then(blast || waitlist.waveIntervalSeconds() == null ? Mono.<Void>empty() : nextWave(waitlist, wave, at));
    }

    private Mono<Void> nextWave(WaitlistEntity waitlist, int wave, Instant at) {
        return repository.waiting(waitlist.id())
                .flatMap(waiting -> waiting == 0 ? Mono.<Void>empty()
                        : timers.arm(WaitlistIds.TYPE, waitlist.id(), kind(wave + 1), at.plus(Duration.ofSeconds(waitlist.waveIntervalSeconds()))));
    }

    /** Admin: the next wave, now (re-arming it if it was due later). Answers which wave and when. */
    Mono<WaveResponse> triggerNow(InternalContext context, String id, Instant now) {
        return Mono.fromSupplier(() -> WaitlistIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                .flatMap(waitlist -> waitlist.stopped()
                        ? Mono.error(ApiException.conflict("Cannot notify an ended waitlist", "DISTRIBUTION_CLOSED"))
                        : timers.arm(WaitlistIds.TYPE, waitlist.id(), kind(waitlist.wavesSent() + 1), now)
                                .thenReturn(new WaveResponse(waitlist.publicId(), waitlist.wavesSent() + 1, now)))
                .as(transaction::transactional);
    }

    /** {@code { waitlistId, wave, dueAt }}: the wave that will run, and from when (within one timer poll). */
    record WaveResponse(String waitlistId, int wave, Instant dueAt) {
    }

}
