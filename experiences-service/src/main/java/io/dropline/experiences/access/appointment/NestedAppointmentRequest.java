package io.dropline.experiences.access.appointment;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.Moment.DateTime;
import io.dropline.experiences.access.queue.TimeZoneRule;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * An appointment of a nested create ({@code sequence.appointments} of {@code POST /experiences}, {@code appointments}
 * of {@code POST /sequences}); name, locationId and slotDurationMinutes required.
 */
public record NestedAppointmentRequest(
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

    /** The window problem of this nested appointment at {@code prefix} ("sequence.appointments[0]."), if any. */
    public List<FieldError> problems(String experienceZone, String prefix) {
        return windowProblems(AppointmentValues.DEFAULTS, experienceZone, prefix);
    }
}
