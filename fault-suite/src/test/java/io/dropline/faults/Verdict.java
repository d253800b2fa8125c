package io.dropline.faults;

import java.util.List;

/** The checker's answer for one invariant in one schedule: PASS or FAIL, how much it looked at, counterexamples. */
record Verdict(Invariant invariant, boolean pass, int checked, List<String> counterexamples) {

    static final int MAX_EXAMPLES = 8;

    enum Invariant {
        NO_ACKNOWLEDGED_WRITE_LOST_OR_DUPLICATED("no acknowledged write lost or duplicated"),
        NO_OVERSELL("no oversell"),
        FIFO_ADMISSION("FIFO admission"),
        NO_REVOKED_TOKEN_ACCEPTED("no revoked token accepted"),
        NO_5XX_BUT_503("no 500 (no 5xx but 503)"),
        EVERY_503_HAS_RETRY_AFTER("every 503 with Retry-After"),
        RECOVERY_WITHIN_BOUND("recovery without restarts within the bound");

        final String title;

        Invariant(String title) {
            this.title = title;
        }
    }

    static Verdict of(Invariant invariant, int checked, List<String> violations) {
        return new Verdict(invariant, violations.isEmpty(), checked,
                List.copyOf(violations.subList(0, Math.min(MAX_EXAMPLES, violations.size()))));
    }
}
