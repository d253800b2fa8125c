package io.dropline.audience.audience;

import io.dropline.contracts.id.Ids;
import java.time.Instant;

/** An audience as the Admin API shows it. {@code memberCount} is read-only. */
record AudienceResponse(
        String id,
        String organizationId,
        String name,
        String description,
        AudienceType type,
        long memberCount,
        Instant createdAt,
        Instant updatedAt) {

    static AudienceResponse from(AudienceEntity entity) {
        return new AudienceResponse(
                AudienceIds.format(entity.id()),
                Ids.format("org", entity.organizationId()),
                entity.name(),
                entity.description(),
                entity.type(),
                entity.memberCount(),
                entity.createdAt(),
                entity.updatedAt());
    }
}
