package io.dropline.experiences.access.experience;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionResponse;
import io.dropline.experiences.access.sequence.SequenceResponse;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An experience as the Admin API shows it. {@code openAt}, {@code closeAt} and {@code status} are derived from
 * its distributions; {@code sequences} and {@code distributions} appear when included.
 */
record ExperienceResponse(
        String id,
        String organizationId,
        String name,
        String timeZone,
        String accessCode,
        JsonNode theme,
        JsonNode i18n,
        Instant openAt,
        Instant closeAt,
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<SequenceResponse> sequences,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<DistributionResponse> distributions,
        Instant createdAt,
        Instant updatedAt) {

    static ExperienceResponse from(ExperienceEntity entity, Instant now, List<SequenceResponse> sequences,
            List<DistributionResponse> distributions) {
        return new ExperienceResponse(
                Ids.format(ExperienceIds.PREFIX, entity.id()),
                Ids.format("org", entity.organizationId()),
                entity.name(),
                entity.timeZone(),
                entity.accessCode(),
                json(entity.themeJson()),
                json(entity.i18nJson()),
                entity.openAt(),
                entity.closeAt(),
                entity.statusAt(now),
                sequences,
                distributions,
                entity.createdAt(),
                entity.updatedAt());
    }

    private static JsonNode json(String text) {
        return text == null ? null : JsonMapper.shared().readTree(text);
    }
}
