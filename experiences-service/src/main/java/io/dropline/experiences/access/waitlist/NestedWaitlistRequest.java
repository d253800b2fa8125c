package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.Moment.DateTime;
import io.dropline.experiences.access.queue.TimeZoneRule;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The waitlist of a nested create ({@code sequence.waitlist} of {@code POST /experiences}, {@code waitlist} of {@code POST /sequences}). */
public record NestedWaitlistRequest(
        @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @IntRange(min = 1, max = MAX_COUNT, orNull = true) Tristate<Integer> capacity,
        @NotNullValue @Text(max = 20, rule = WaitlistFields.Strategy.class) Tristate<String> notificationStrategy,
        @IntRange(min = 1, max = MAX_COUNT, orNull = true) Tristate<Integer> waveSize,
        @IntRange(min = 1, max = MAX_INTERVAL, orNull = true) Tristate<Integer> waveIntervalSeconds,
        @DateTime Tristate<String> notifyAt,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata) implements WaitlistFields {

    /** The cross-field problems of this nested waitlist at {@code prefix} ("sequence.waitlist."). */
    public List<FieldError> problems(String experienceZone, String prefix) {
        return crossProblems(WaitlistValues.DEFAULTS, experienceZone, prefix);
    }
}
