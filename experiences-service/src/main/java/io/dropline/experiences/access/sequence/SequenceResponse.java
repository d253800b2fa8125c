package io.dropline.experiences.access.sequence;

import io.dropline.contracts.id.Ids;
import java.time.Instant;

/** A sequence (access path) as the Admin API shows it. */
public record SequenceResponse(
        String id,
        String organizationId,
        String experienceId,
        String name,
        int priority,
        String color,
        String audienceId,
        String accessCode,
        String productSelectionMode,
        Instant createdAt,
        Instant updatedAt) {

    static SequenceResponse from(SequenceEntity entity) {
        return new SequenceResponse(
                Ids.format(SequenceIds.PREFIX, entity.id()),
                Ids.format("org", entity.organizationId()),
                Ids.format("exp", entity.experienceId()),
                entity.name(),
                entity.priority(),
                entity.color(),
                entity.audienceId() == null ? null : Ids.format("aud", entity.audienceId()),
                entity.accessCode(),
                entity.productSelectionMode(),
                entity.createdAt(),
                entity.updatedAt());
    }
}
