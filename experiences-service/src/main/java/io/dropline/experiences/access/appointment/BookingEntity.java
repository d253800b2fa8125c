package io.dropline.experiences.access.appointment;

import io.dropline.contracts.id.Ids;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code appointment_bookings} (V11). */
record BookingEntity(UUID id, UUID appointmentId, UUID consumerId, long seq, String status, Instant slotStart, Instant slotEnd,
        String confirmationCode, Instant bookedAt, Instant rescheduledAt, int rescheduleCount, Instant cancelledAt, String cancelReason) {

    static final String BOOKED = "BOOKED";
    static final String CANCELLED = "CANCELLED";
    static final String REMOVED = "REMOVED";

    static final String COLUMNS = "id, appointment_id, consumer_id, seq, status, slot_start, slot_end, confirmation_code, booked_at, "
            + "rescheduled_at, reschedule_count, cancelled_at, cancel_reason";

    static BookingEntity from(Readable row) {
        return new BookingEntity(row.get("id", UUID.class), row.get("appointment_id", UUID.class), row.get("consumer_id", UUID.class),
                row.get("seq", Long.class), row.get("status", String.class), row.get("slot_start", Instant.class),
                row.get("slot_end", Instant.class), row.get("confirmation_code", String.class), row.get("booked_at", Instant.class),
                row.get("rescheduled_at", Instant.class), row.get("reschedule_count", Integer.class), row.get("cancelled_at", Instant.class),
                row.get("cancel_reason", String.class));
    }

    String publicId() {
        return Ids.format(AppointmentIds.BOOKING, id);
    }

    String slotId() {
        return AppointmentIds.slotId(appointmentId, slotStart);
    }
}
