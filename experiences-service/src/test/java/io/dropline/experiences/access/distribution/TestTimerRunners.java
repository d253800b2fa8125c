package io.dropline.experiences.access.distribution;

import java.time.Duration;
import org.springframework.transaction.reactive.TransactionalOperator;

/** For tests of distribution types outside this package: a {@link TimerRunner} under a given owner name. */
public final class TestTimerRunners {

    private TestTimerRunners() {
    }

    /** A runner as an instance's own would be, polling every 100 ms once started; {@code runDue} runs one poll. */
    public static Handle runner(DistributionTimers timers, DistributionRegistry registry, TransactionalOperator transaction,
            String owner) {
        return new Handle(new TimerRunner(timers, registry, transaction,
                new TimerProperties(true, Duration.ofMillis(100), Duration.ofSeconds(30), 16, Duration.ofSeconds(1)), owner));
    }

    public record Handle(TimerRunner runner) {

        public void start() {
            runner.start();
        }

        public void stop() {
            runner.stop();
        }

        public long runDue() {
            return runner.runDue().block();
        }
    }
}
