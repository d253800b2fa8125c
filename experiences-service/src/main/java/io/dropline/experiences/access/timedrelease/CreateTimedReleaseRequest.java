package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.queue.Moment.DateTime;
import io.dropline.experiences.access.queue.TimeZoneRule;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /timed-releases}: under an existing sequence; name and supportsGuest required (§5.8). */
record CreateTimedReleaseRequest(
        @Required @PublicId(prefix = "seq") Tristate<String> sequenceId,
        @Required @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @Required @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata) implements TimedReleaseFields {
}
