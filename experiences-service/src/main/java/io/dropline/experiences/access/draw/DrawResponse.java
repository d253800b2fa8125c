package io.dropline.experiences.access.draw;

import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionView;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A draw as the Admin API shows it: its configuration, {@code seedCommitment} from creation (never the seed before the
 * draw; the seed itself is published by {@code GET /draws/{id}/results} once drawn), and the outcome counts. Status
 * and timing come from the core's {@link io.dropline.experiences.access.distribution.Lifecycle}.
 */
public record DrawResponse(
        String id,
        String organizationId,
        String experienceId,
        String sequenceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        Instant drawAt,
        boolean supportsGuest,
        int winnerCount,
        Integer capacity,
        Integer admissionExpirationSeconds,
        boolean continueSelectingUntilCompleted,
        boolean loyaltyBiasEnabled,
        JsonNode metadata,
        String seedCommitment,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        String status,
        String timing,
        int entrantCount,
        Instant drawnAt,
        Integer entryCount,
        int selectedCount,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt) implements DistributionView {

    static DrawResponse from(DrawEntity entity, Instant now) {
        return new DrawResponse(
                DrawIds.format(entity.id()),
                Ids.format("org", entity.organizationId()),
                Ids.format("exp", entity.experienceId()),
                Ids.format("seq", entity.sequenceId()),
                entity.name(),
                entity.timeZone(),
                entity.openAt(),
                entity.closeAt(),
                entity.drawAt(),
                entity.supportsGuest(),
                entity.winnerCount(),
                entity.capacity(),
                entity.admissionExpirationSeconds(),
                entity.continueSelectingUntilCompleted(),
                entity.loyaltyBiasEnabled(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.seedCommitment(),
                entity.statusOverride(),
                entity.statusOverrideAt(),
                entity.statusOverrideBy(),
                entity.lifecycle().statusAt(now).name(),
                entity.lifecycle().timingAt(now).wire(),
                entity.activeEntries(),
                entity.drawnAt(),
                entity.entryCount(),
                entity.selectedCount(),
                entity.completedAt(),
                entity.createdAt(),
                entity.updatedAt());
    }
}
