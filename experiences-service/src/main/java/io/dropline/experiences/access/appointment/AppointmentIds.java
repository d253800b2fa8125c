package io.dropline.experiences.access.appointment;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Appointment ids ({@code appt_…}), location ids ({@code loc_…}), booking ids ({@code bkg_…}) and slot ids
 * ({@code slot_…}). A malformed id is answered exactly like an unknown one.
 *
 * <p>A slot id is derived, not stored: the uuid behind it carries the appointment uuid's high 64 bits and the slot's
 * start in epoch seconds, so it is the same on every read and every replica, names one slot of one appointment, and
 * needs no row until somebody books it (ADR 0017).
 */
final class AppointmentIds {

    static final String PREFIX = "appt";
    static final String TYPE = "appointment";
    static final String LOCATION = "loc";
    static final String BOOKING = "bkg";
    static final String SLOT = "slot";

    private AppointmentIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(AppointmentIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Appointment");
    }

    static UUID locationOrNotFound(String id) {
        return Ids.parse(LOCATION, id).orElseThrow(AppointmentIds::locationNotFound);
    }

    static ApiException locationNotFound() {
        return ApiException.notFound("Location");
    }

    static ApiException slotNotFound() {
        return ApiException.notFound("Slot");
    }

    static String slotId(UUID appointment, Instant start) {
        return Ids.format(SLOT, new UUID(appointment.getMostSignificantBits(), start.getEpochSecond()));
    }

    /** The start a slot id of this appointment names; empty for another appointment's slot or no slot id at all. */
    static Optional<Instant> slotStart(UUID appointment, String slotId) {
        return Ids.parse(SLOT, slotId)
                .filter(uuid -> uuid.getMostSignificantBits() == appointment.getMostSignificantBits())
                .filter(uuid -> uuid.getLeastSignificantBits() >= 0 && uuid.getLeastSignificantBits() < 253_402_300_800L)
                .map(uuid -> Instant.ofEpochSecond(uuid.getLeastSignificantBits()));
    }
}
