package io.dropline.experiences.access.distribution;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.timer.Polling;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs due distribution timers on every instance (invariant 3: nothing twice, nothing skipped when an instance dies).
 * Each poll claims due jobs with a lease ({@link DistributionTimers#claimDue}); each job's handler then runs in one
 * transaction that ends by marking the job done only if this claim still holds it, so the handler's writes (the
 * type's changes, its outbox events) commit exactly once however many instances run, and a job whose instance died
 * mid-run is claimed again by another once the lease runs out. Handlers are still written to be idempotent: a job may
 * run (and roll back) more than once.
 */
@Component
public class TimerRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TimerRunner.class);

    private final DistributionTimers timers;
    private final DistributionRegistry types;
    private final TransactionalOperator transaction;
    private final TimerProperties properties;
    private final String owner;
    private volatile Disposable polling;

    @Autowired
    TimerRunner(DistributionTimers timers, DistributionRegistry types, TransactionalOperator transaction, TimerProperties properties) {
        this(timers, types, transaction, properties,
                ManagementFactory.getRuntimeMXBean().getName() + "/" + Ids.newUuid());
    }

    /** With an explicit owner name: tests run several runners in one process. */
    TimerRunner(DistributionTimers timers, DistributionRegistry types, TransactionalOperator transaction, TimerProperties properties,
            String owner) {
        this.timers = timers;
        this.types = types;
        this.transaction = transaction;
        this.properties = properties;
        this.owner = owner;
    }

    /** What one claimed job came to. */
    enum Outcome { DONE, LOST, FAILED }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        polling = Polling.every(properties.pollInterval(), this::runDue,
                failure -> log.warn("Timer poll failed: {}", failure.toString()));
    }

    @Override
    public void stop() {
        if (polling != null) {
            polling.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return polling != null && !polling.isDisposed();
    }

    @Override
    public int getPhase() {
        // Stop polling before the web server and the connection pools shut down.
        return Integer.MAX_VALUE - 100;
    }

    String owner() {
        return owner;
    }

    /** One poll: claims what is due and runs it; a failure is logged and never stops the polling. */
    Mono<Long> runDue() {
        return timers.claimDue(owner, properties.lease(), properties.batchSize())
                .flatMap(this::run, 4)
                .filter(outcome -> outcome == Outcome.DONE)
                .count()
                .onErrorResume(failure -> {
                    log.warn("Timer poll failed: {}", failure.toString());
                    return Mono.just(0L);
                });
    }

    Mono<Outcome> run(TimerJob job) {
        Optional<DistributionType> type = types.byName(job.type());
        if (type.isEmpty()) {
            log.warn("Timer {} of {} names unknown distribution type {}", job.kind(), job.distributionId(), job.type());
            return timers.abandon(job, "unknown distribution type " + job.type()).thenReturn(Outcome.FAILED);
        }
        return Mono.defer(() -> type.get().onTimer(job))
                .then(timers.completeIfHeld(job))
                .flatMap(held -> held ? Mono.just(Outcome.DONE) : Mono.error(new LeaseLost()))
                .as(transaction::transactional)
                .onErrorResume(LeaseLost.class, lost -> {
                    log.info("Timer {} of {} was taken over or re-armed while it ran; its writes rolled back",
                            job.kind(), job.distributionId());
                    return Mono.just(Outcome.LOST);
                })
                .onErrorResume(failure -> {
                    log.warn("Timer {} of {} failed (attempt {}): {}", job.kind(), job.distributionId(), job.attempts(),
                            failure.toString());
                    return timers.failed(job, String.valueOf(failure), properties.retryDelay())
                            .onErrorResume(unrecorded -> Mono.empty())
                            .thenReturn(Outcome.FAILED);
                });
    }

    /** This claim no longer holds the job: roll back what the handler wrote. */
    private static final class LeaseLost extends RuntimeException {

        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }
}
