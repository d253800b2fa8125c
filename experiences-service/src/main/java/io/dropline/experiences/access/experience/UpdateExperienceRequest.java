package io.dropline.experiences.access.experience;

import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.queue.TimeZoneRule;
import tools.jackson.databind.node.ObjectNode;

/** {@code PUT /experiences/{id}}: a partial update; an absent field is left as it is, null clears it where it may be cleared. */
record UpdateExperienceRequest(
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @NotNullValue @NotBlankValue @Text(max = ExperienceFields.MAX_NAME) Tristate<String> name,
        @Text(max = 100) Tristate<String> accessCode,
        @WellTyped(message = ExperienceFields.OBJECT) @JsonText(maxChars = ExperienceFields.MAX_JSON_CHARS) Tristate<ObjectNode> theme,
        @WellTyped(message = ExperienceFields.OBJECT) @JsonText(maxChars = ExperienceFields.MAX_JSON_CHARS) Tristate<ObjectNode> i18n)
        implements ExperienceFields {
}
