package io.dropline.experiences.access.appointment;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionRef;
import io.dropline.experiences.access.distribution.Lifecycle;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** One row of {@code appointments} (V11), mapped by hand from SQL that states its columns. */
record AppointmentEntity(
        UUID id,
        UUID organizationId,
        String environment,
        UUID sequenceId,
        UUID experienceId,
        UUID locationId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        boolean supportsGuest,
        int slotDurationMinutes,
        int bufferMinutes,
        int maxCapacityPerSlot,
        String metadataJson,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, sequence_id, experience_id, location_id, name, time_zone, open_at, "
            + "close_at, supports_guest, slot_duration_minutes, buffer_minutes, max_capacity_per_slot, metadata::text AS metadata, "
            + "status_override, status_override_at, status_override_by, created_at, updated_at";

    static AppointmentEntity from(Readable row) {
        return new AppointmentEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("sequence_id", UUID.class),
                row.get("experience_id", UUID.class),
                row.get("location_id", UUID.class),
                row.get("name", String.class),
                row.get("time_zone", String.class),
                row.get("open_at", Instant.class),
                row.get("close_at", Instant.class),
                row.get("supports_guest", Boolean.class),
                row.get("slot_duration_minutes", Integer.class),
                row.get("buffer_minutes", Integer.class),
                row.get("max_capacity_per_slot", Integer.class),
                row.get("metadata", String.class),
                row.get("status_override", String.class),
                row.get("status_override_at", Instant.class),
                row.get("status_override_by", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    boolean stopped() {
        return statusOverride != null;
    }

    Lifecycle lifecycle() {
        return Lifecycle.of(openAt, closeAt, statusOverride);
    }

    String publicId() {
        return Ids.format(AppointmentIds.PREFIX, id);
    }

    DistributionRef ref() {
        return new DistributionRef(AppointmentIds.TYPE, publicId(), organizationId,
                Environment.valueOf(environment.toUpperCase(Locale.ROOT)), experienceId, sequenceId);
    }
}
