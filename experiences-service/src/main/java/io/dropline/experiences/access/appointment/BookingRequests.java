package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;

/** The typed bodies of the consumer's booking routes (§8.4). */
final class BookingRequests {

    private BookingRequests() {
    }

    /** {@code POST /appointments/{id}/book}: {@code slotId} required; {@code locationId}, when sent, must be the appointment's. */
    record Book(
            @Required @NotNullValue @NotBlankValue @Text(max = 64) Tristate<String> slotId,
            @PublicId(prefix = AppointmentIds.LOCATION, orNull = true) Tristate<String> locationId) {
    }

    /** {@code POST /appointments/{id}/reschedule}: {@code newSlotId} required; {@code newLocationId} as {@code locationId} above. */
    record Reschedule(
            @Required @NotNullValue @NotBlankValue @Text(max = 64) Tristate<String> newSlotId,
            @PublicId(prefix = AppointmentIds.LOCATION, orNull = true) Tristate<String> newLocationId) {
    }

    /** {@code POST /appointments/{id}/cancel}: an optional {@code reason} (the body itself is optional). */
    record Cancel(@Text(max = 500) Tristate<String> reason) {

        String reasonOrNull() {
            return FieldRules.stripped(reason).value();
        }
    }
}
