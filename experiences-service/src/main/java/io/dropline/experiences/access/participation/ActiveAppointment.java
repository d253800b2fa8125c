package io.dropline.experiences.access.participation;

import io.dropline.experiences.access.appointment.Bookings;
import tools.jackson.databind.JsonNode;

/**
 * An upcoming booking of the consumer (BOOKED, its slot not over): the booking as {@code GET /appointments/{id}/me}
 * shows it, plus where the appointment sits.
 */
record ActiveAppointment(String appointmentId, String status, JsonNode booking, String experienceId, String sequenceId) {

    static ActiveAppointment of(Bookings.Active active) {
        return new ActiveAppointment(active.booking().path("appointmentId").stringValue(null), active.booking().path("status").stringValue(null),
                active.booking(), active.experienceId(), active.sequenceId());
    }
}
