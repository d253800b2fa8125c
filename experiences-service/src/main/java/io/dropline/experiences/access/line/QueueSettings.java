package io.dropline.experiences.access.line;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionRef;
import io.dropline.experiences.access.distribution.Lifecycle;
import java.time.Instant;
import java.util.UUID;

/**
 * What the queue engine needs to know about a queue, as configured through the Admin API. Nullable limits
 * mean "unlimited"; {@code stopped} is the admin's {@code statusOverride: "ended"}.
 */
public record QueueSettings(
        UUID id,
        UUID organizationId,
        Environment environment,
        UUID experienceId,
        UUID sequenceId,
        Instant openAt,
        Instant closeAt,
        int admitRate,
        Integer capacity,
        Integer maxAdmissions,
        Integer admissionExpirationSeconds,
        boolean supportsGuest,
        boolean recycleExpiredSpots,
        boolean stopped) {

    /** The queue as the distribution core names it in grants and events. */
    public DistributionRef ref() {
        return new DistributionRef("queue", Ids.format("queue", id), organizationId, environment, experienceId, sequenceId);
    }

    /** The queue's lifecycle, as the distribution core computes it for every type. */
    public Lifecycle lifecycle() {
        return new Lifecycle(openAt, closeAt, stopped, null);
    }

    /** Whether entries are accepted at {@code now}: not stopped, opened, not yet closed. */
    public boolean acceptsEntriesAt(Instant now) {
        return lifecycle().acceptsEntriesAt(now);
    }

    public boolean notYetOpenAt(Instant now) {
        return lifecycle().notYetOpenAt(now);
    }

    /** Admissions run while the queue is not stopped and has opened; consumers still waiting after closeAt are admitted. */
    public boolean admitsAt(Instant now) {
        return lifecycle().runningAt(now);
    }
}
