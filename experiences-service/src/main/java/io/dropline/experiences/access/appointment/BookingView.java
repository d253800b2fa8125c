package io.dropline.experiences.access.appointment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.contracts.id.Ids;
import java.time.Instant;

/**
 * A booking as its consumer sees it (§8.4's book answer and {@code GET /appointments/{id}/me}'s {@code booking}):
 * status BOOKED, CANCELLED or REMOVED (by the organizer); fields that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BookingView(
        String bookingId,
        String appointmentId,
        String consumerId,
        String slotId,
        Instant startTime,
        Instant endTime,
        String confirmationCode,
        String status,
        Instant createdAt,
        Instant rescheduledAt,
        Instant cancelledAt,
        String cancelReason,
        String locationId,
        String locationName) {

    static BookingView of(BookingEntity booking, LocationEntity location) {
        return new BookingView(booking.publicId(), Ids.format(AppointmentIds.PREFIX, booking.appointmentId()),
                Ids.format("cons", booking.consumerId()), booking.slotId(), booking.slotStart(), booking.slotEnd(),
                booking.confirmationCode(), booking.status(), booking.bookedAt(), booking.rescheduledAt(), booking.cancelledAt(),
                booking.cancelReason(), location == null ? null : location.publicId(), location == null ? null : location.name());
    }

    /** {@code GET /appointments/{id}/me}: {@code { booking: … | null }}. */
    record Mine(@JsonInclude(JsonInclude.Include.ALWAYS) BookingView booking) {
    }

    /** {@code POST /appointments/{id}/reschedule}'s answer (§8.4) with the new times. */
    record Rescheduled(String bookingId, String previousSlotId, String newSlotId, String confirmationCode, String status,
            Instant startTime, Instant endTime) {
    }

    /** One attendee of a slot for the admin: who, which booking, when booked. */
    record Attendee(String consumerId, String bookingId, String confirmationCode, String status, Instant bookedAt, Instant rescheduledAt) {

        static Attendee of(BookingEntity booking) {
            return new Attendee(Ids.format("cons", booking.consumerId()), booking.publicId(), booking.confirmationCode(), booking.status(),
                    booking.bookedAt(), booking.rescheduledAt());
        }
    }
}
