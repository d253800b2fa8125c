package io.dropline.experiences.access.distribution;

import java.time.Instant;
import java.util.UUID;

/**
 * One claimed timer job, as its type's handler receives it ({@link DistributionType#onTimer}).
 *
 * @param distributionId the distribution's uuid
 * @param kind           the type's name for the job ({@code open}, {@code close}, …)
 * @param type           the distribution type's name
 * @param dueAt          when it was due: what the handler reports as the moment of the change (not the clock)
 * @param attempts       this claim's number, 1 on the first run (more after a failure or a dead instance)
 * @param leaseToken     the claim's fencing token: the handler's writes commit only while it is current
 */
public record TimerJob(UUID distributionId, String kind, String type, Instant dueAt, int attempts, UUID leaseToken) {
}
