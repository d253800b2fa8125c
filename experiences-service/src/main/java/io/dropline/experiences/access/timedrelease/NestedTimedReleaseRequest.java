package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
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
 * A timed release of a nested create ({@code sequence.timedReleases} of {@code POST /experiences}, {@code timedReleases}
 * of {@code POST /sequences}); name and supportsGuest required.
 */
public record NestedTimedReleaseRequest(
        @Required @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @Required @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata) implements TimedReleaseFields {

    /** The window problem of this nested timed release at {@code prefix} ("sequence.timedReleases[0]."), if any. */
    public List<FieldError> problems(String experienceZone, String prefix) {
        return windowProblems(TimedReleaseValues.DEFAULTS, experienceZone, prefix);
    }
}
