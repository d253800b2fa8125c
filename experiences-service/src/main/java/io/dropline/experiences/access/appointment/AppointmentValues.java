package io.dropline.experiences.access.appointment;

import java.time.Instant;
import java.util.UUID;

/** The writable configuration of an appointment, complete. */
record AppointmentValues(String name, String timeZone, Instant openAt, Instant closeAt, boolean supportsGuest, UUID locationId,
        int slotDurationMinutes, int bufferMinutes, int maxCapacityPerSlot, String metadataJson) {

    /** What a create starts from: guests refused (§8.7), no buffer, one booking per slot (§8.4's default). */
    static final AppointmentValues DEFAULTS = new AppointmentValues(null, null, null, null, false, null, 30, 0, 1, null);

    static AppointmentValues of(AppointmentEntity entity) {
        return new AppointmentValues(entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(), entity.supportsGuest(),
                entity.locationId(), entity.slotDurationMinutes(), entity.bufferMinutes(), entity.maxCapacityPerSlot(), entity.metadataJson());
    }
}
