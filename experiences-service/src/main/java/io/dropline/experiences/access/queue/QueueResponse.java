package io.dropline.experiences.access.queue;

import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionView;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queue as the Admin API shows it. {@code status} is the lifecycle (SCHEDULED before openAt, OPEN in its
 * window, CLOSED after closeAt or when stopped); {@code timing} the public state (upcoming, active, ended, killed);
 * both from the distribution core's {@link io.dropline.experiences.access.distribution.Lifecycle}.
 */
public record QueueResponse(
        String id,
        String organizationId,
        String experienceId,
        String sequenceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        boolean supportsGuest,
        int admitRate,
        Integer capacity,
        Integer maxAdmissions,
        Integer admissionExpirationSeconds,
        boolean recycleExpiredSpots,
        JsonNode metadata,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        String status,
        String timing,
        Instant createdAt,
        Instant updatedAt) implements DistributionView {

    static QueueResponse from(QueueEntity entity, Instant now) {
        return new QueueResponse(
                Ids.format(QueueIds.PREFIX, entity.id()),
                Ids.format("org", entity.organizationId()),
                Ids.format("exp", entity.experienceId()),
                Ids.format("seq", entity.sequenceId()),
                entity.name(),
                entity.timeZone(),
                entity.openAt(),
                entity.closeAt(),
                entity.supportsGuest(),
                entity.admitRate(),
                entity.capacity(),
                entity.maxAdmissions(),
                entity.admissionExpirationSeconds(),
                entity.recycleExpiredSpots(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.statusOverride(),
                entity.statusOverrideAt(),
                entity.statusOverrideBy(),
                entity.lifecycle().statusAt(now).name(),
                entity.lifecycle().timingAt(now).wire(),
                entity.createdAt(),
                entity.updatedAt());
    }
}
