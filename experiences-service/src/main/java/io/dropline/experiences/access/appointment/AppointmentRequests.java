package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.distribution.EndedRule;
import io.dropline.experiences.access.queue.Moment.DateTime;
import io.dropline.experiences.access.queue.TimeZoneRule;
import tools.jackson.databind.node.ObjectNode;

/** The typed bodies of the appointment Admin API. */
final class AppointmentRequests {

    private AppointmentRequests() {
    }

    /** {@code POST /appointments}: under an existing sequence; name, locationId and slotDurationMinutes required. */
    record Create(
            @Required @PublicId(prefix = "seq") Tristate<String> sequenceId,
            @Required @NotNullValue @NotBlankValue @Text(max = AppointmentFields.MAX_NAME) Tristate<String> name,
            @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
            @DateTime Tristate<String> openAt,
            @DateTime Tristate<String> closeAt,
            @WellTyped(message = AppointmentFields.BOOLEAN) @NotNullValue(message = AppointmentFields.BOOLEAN) Tristate<Boolean> supportsGuest,
            @Required @PublicId(prefix = AppointmentIds.LOCATION) Tristate<String> locationId,
            @Required @IntRange(min = 5, max = 1440, message = AppointmentFields.DURATION) Tristate<Integer> slotDurationMinutes,
            @IntRange(min = 0, max = 1440, message = AppointmentFields.BUFFER) Tristate<Integer> bufferMinutes,
            @IntRange(min = 1, max = 10_000, message = AppointmentFields.CAPACITY) Tristate<Integer> maxCapacityPerSlot,
            @WellTyped(message = AppointmentFields.OBJECT) @JsonText(maxChars = AppointmentFields.MAX_JSON_CHARS) Tristate<ObjectNode> metadata)
            implements AppointmentFields {
    }

    /** {@code PUT /appointments/{id}}: partial; {@code statusOverride: "ended"} stops it, and a stopped one cannot change. */
    record Update(
            @NotNullValue @NotBlankValue @Text(max = AppointmentFields.MAX_NAME) Tristate<String> name,
            @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
            @DateTime Tristate<String> openAt,
            @DateTime Tristate<String> closeAt,
            @WellTyped(message = AppointmentFields.BOOLEAN) @NotNullValue(message = AppointmentFields.BOOLEAN) Tristate<Boolean> supportsGuest,
            @NotNullValue @PublicId(prefix = AppointmentIds.LOCATION) Tristate<String> locationId,
            @NotNullValue @IntRange(min = 5, max = 1440, message = AppointmentFields.DURATION) Tristate<Integer> slotDurationMinutes,
            @NotNullValue @IntRange(min = 0, max = 1440, message = AppointmentFields.BUFFER) Tristate<Integer> bufferMinutes,
            @NotNullValue @IntRange(min = 1, max = 10_000, message = AppointmentFields.CAPACITY) Tristate<Integer> maxCapacityPerSlot,
            @WellTyped(message = AppointmentFields.OBJECT) @JsonText(maxChars = AppointmentFields.MAX_JSON_CHARS) Tristate<ObjectNode> metadata,
            @Text(max = 20, rule = EndedRule.class) Tristate<String> statusOverride) implements AppointmentFields {

        boolean stops() {
            return "ended".equals(FieldRules.stripped(statusOverride).value());
        }

        boolean reopens() {
            return statusOverride.present() && FieldRules.stripped(statusOverride).value() == null;
        }

        boolean onlyStops() {
            return !name.present() && !timeZone.present() && !openAt.present() && !closeAt.present() && !supportsGuest.present()
                    && !locationId.present() && !slotDurationMinutes.present() && !bufferMinutes.present()
                    && !maxCapacityPerSlot.present() && !metadata.present();
        }
    }
}
