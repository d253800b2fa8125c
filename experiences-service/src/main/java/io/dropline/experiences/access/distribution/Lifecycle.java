package io.dropline.experiences.access.distribution;

import java.time.Instant;
import java.util.Locale;

/**
 * Where a distribution of any type is in its life (api-decisions.md, "Distribution status"), computed from its row
 * alone and a clock, so every replica answers the same at the same instant and no timer has to flip a column:
 * {@code status} DRAFT → SCHEDULED (before {@code openAt}) → OPEN → CLOSED (at {@code closeAt}, or at once when an
 * admin stops it), then the type's end state if it has reached one; {@code timing} upcoming / active / ended / killed.
 * A null {@code openAt} means open from creation, a null {@code closeAt} open until stopped.
 *
 * @param openAt   when it opens; null: open from creation
 * @param closeAt  when it closes; null: until stopped
 * @param stopped  an admin's {@code statusOverride} ("ended") is set: closed at once, whatever the times say
 * @param endState the type's state after CLOSED once reached (DRAWN, SETTLED, COMPLETED); null for none (a queue)
 */
public record Lifecycle(Instant openAt, Instant closeAt, boolean stopped, Status endState) {

    /** The lifecycle {@code status}; a type adds the end states it reaches after CLOSED. */
    public enum Status {
        /** Not published yet (no type has drafts so far). */
        DRAFT,
        SCHEDULED,
        OPEN,
        CLOSED,
        /** A draw after its selection. */
        DRAWN,
        /** An auction after settlement. */
        SETTLED,
        COMPLETED
    }

    /** The public {@code timing}, written in lower case. */
    public enum Timing {
        UPCOMING,
        ACTIVE,
        ENDED,
        KILLED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** From the row's columns: an admin's {@code statusOverride} (non-null) stops the distribution. */
    public static Lifecycle of(Instant openAt, Instant closeAt, String statusOverride) {
        return new Lifecycle(openAt, closeAt, statusOverride != null, null);
    }

    /** The same lifecycle with the type's end state reached. */
    public Lifecycle ended(Status state) {
        return new Lifecycle(openAt, closeAt, stopped, state);
    }

    public boolean notYetOpenAt(Instant now) {
        return openAt != null && now.isBefore(openAt);
    }

    /** Its window is over: {@code closeAt} has passed (whether or not it was stopped too). */
    public boolean windowOverAt(Instant now) {
        return closeAt != null && !now.isBefore(closeAt);
    }

    /** Closed for entries and for configuration: stopped by an admin, or its window is over. */
    public boolean closedAt(Instant now) {
        return stopped || windowOverAt(now);
    }

    /** Entries are accepted: not stopped, opened, not yet closed. */
    public boolean acceptsEntriesAt(Instant now) {
        return !stopped && !notYetOpenAt(now) && !windowOverAt(now);
    }

    /** Has opened and is not stopped (a queue still admits those waiting after its closeAt). */
    public boolean runningAt(Instant now) {
        return !stopped && !notYetOpenAt(now);
    }

    public Status statusAt(Instant now) {
        if (closedAt(now)) {
            return endState != null ? endState : Status.CLOSED;
        }
        return notYetOpenAt(now) ? Status.SCHEDULED : Status.OPEN;
    }

    public Timing timingAt(Instant now) {
        if (stopped) {
            return Timing.KILLED;
        }
        if (windowOverAt(now)) {
            return Timing.ENDED;
        }
        return notYetOpenAt(now) ? Timing.UPCOMING : Timing.ACTIVE;
    }
}
