package io.dropline.experiences.access.appointment;

import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionView;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An appointment as the Admin API shows it; {@code status} and {@code timing} from the core's Lifecycle. */
public record AppointmentResponse(
        String id,
        String organizationId,
        String experienceId,
        String sequenceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        boolean supportsGuest,
        String locationId,
        int slotDurationMinutes,
        int bufferMinutes,
        int maxCapacityPerSlot,
        JsonNode metadata,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        String status,
        String timing,
        Instant createdAt,
        Instant updatedAt) implements DistributionView {

    static AppointmentResponse from(AppointmentEntity entity, Instant now) {
        return new AppointmentResponse(entity.publicId(), Ids.format("org", entity.organizationId()),
                Ids.format("exp", entity.experienceId()), Ids.format("seq", entity.sequenceId()), entity.name(), entity.timeZone(),
                entity.openAt(), entity.closeAt(), entity.supportsGuest(), Ids.format(AppointmentIds.LOCATION, entity.locationId()),
                entity.slotDurationMinutes(), entity.bufferMinutes(), entity.maxCapacityPerSlot(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.statusOverride(), entity.statusOverrideAt(), entity.statusOverrideBy(),
                entity.lifecycle().statusAt(now).name(), entity.lifecycle().timingAt(now).wire(), entity.createdAt(), entity.updatedAt());
    }

    /**
     * The Consumer API's view ({@code GET /appointments/{id}} with a publishable key, §8.4): public fields only;
     * {@code timeZone} is always set (the appointment's, else its location's), {@code teardownStatus} is always null
     * (no post-end cleanup runs for appointments).
     */
    public record Public(String id, String name, String sequenceId, String experienceId, String timeZone, Instant openAt,
            Instant closeAt, String locationId, String locationName, int slotDurationMinutes, int bufferMinutes, int maxCapacityPerSlot,
            String status, boolean supportsGuest, String statusOverride, Instant statusOverrideAt, String statusOverrideBy,
            String teardownStatus) {

        /** Without the location at hand (the experience view): the appointment's own zone, which may be null. */
        public static Public of(AppointmentResponse admin) {
            return of(admin, admin.timeZone(), null);
        }

        static Public of(AppointmentResponse admin, String zone, String locationName) {
            return new Public(admin.id(), admin.name(), admin.sequenceId(), admin.experienceId(), zone, admin.openAt(), admin.closeAt(),
                    admin.locationId(), locationName, admin.slotDurationMinutes(), admin.bufferMinutes(), admin.maxCapacityPerSlot(),
                    "SCHEDULED".equals(admin.status()) ? "PENDING" : admin.status(), admin.supportsGuest(), admin.statusOverride(),
                    admin.statusOverrideAt(), admin.statusOverrideBy(), null);
        }
    }
}
