package io.dropline.faults;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The short form of the fault-schedule suite, run by {@code ./mvnw -B verify}: a few randomized schedules (a new
 * random base seed each run, printed, so coverage grows; a failing seed is in the failure message and replays with
 * {@code -Dfaults.seed=N}). The full form is {@code bench/fault-schedule.sh} (20 schedules, results in bench/results).
 */
class FaultScheduleIT {

    static final int CI_SCHEDULES = 3;

    @Test
    void whenFaultsAreInjectedDuringTheWorkloadThenEveryInvariantHolds() {
        String missing = Mesh.missingPrerequisites();
        if (missing != null) {
            if ("require".equalsIgnoreCase(System.getenv("TEST_INFRA"))) {
                throw new IllegalStateException("TEST_INFRA=require: " + missing);
            }
            assumeTrue(false, missing);
        }
        FaultSuite.Report report = new FaultSuite(FaultSuite.Settings.fromSystemProperties(CI_SCHEDULES)).run();
        if (!report.failing().isEmpty()) {
            fail(report.failureMessage());
        }
    }
}
