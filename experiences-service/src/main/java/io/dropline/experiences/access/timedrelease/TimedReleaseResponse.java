package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionView;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A timed release as the Admin API shows it; {@code status} and {@code timing} from the core's Lifecycle. */
public record TimedReleaseResponse(
        String id,
        String organizationId,
        String experienceId,
        String sequenceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        boolean supportsGuest,
        JsonNode metadata,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        String status,
        String timing,
        Instant createdAt,
        Instant updatedAt) implements DistributionView {

    static TimedReleaseResponse from(TimedReleaseEntity entity, Instant now) {
        return new TimedReleaseResponse(entity.publicId(), Ids.format("org", entity.organizationId()),
                Ids.format("exp", entity.experienceId()), Ids.format("seq", entity.sequenceId()), entity.name(), entity.timeZone(),
                entity.openAt(), entity.closeAt(), entity.supportsGuest(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.statusOverride(), entity.statusOverrideAt(), entity.statusOverrideBy(),
                entity.lifecycle().statusAt(now).name(), entity.lifecycle().timingAt(now).wire(), entity.createdAt(), entity.updatedAt());
    }

    /** The Consumer API's view ({@code GET /timed-releases/{id}} with a publishable key): public fields only. */
    public record Public(String id, String name, String sequenceId, String experienceId, Instant openAt, Instant closeAt,
            String timeZone, String status, boolean supportsGuest) {

        public static Public of(TimedReleaseResponse admin) {
            return new Public(admin.id(), admin.name(), admin.sequenceId(), admin.experienceId(), admin.openAt(), admin.closeAt(),
                    admin.timeZone(), "SCHEDULED".equals(admin.status()) ? "PENDING" : admin.status(), admin.supportsGuest());
        }
    }
}
