package io.dropline.experiences.access.draw;

import io.dropline.contracts.body.FieldRules.IntRange;
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

/** {@code POST /draws}: a draw under an existing sequence ({@code sequenceId}); name, drawAt and winnerCount required. */
record CreateDrawRequest(
        @Required @PublicId(prefix = "seq") Tristate<String> sequenceId,
        @Required @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @Required @NotNullValue @DateTime Tristate<String> drawAt,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @Required @NotNullValue @IntRange(min = 1, max = MAX_WINNERS) Tristate<Integer> winnerCount,
        @IntRange(min = 1, max = MAX_COUNT, orNull = true) Tristate<Integer> capacity,
        @IntRange(min = 1, max = MAX_EXPIRATION_SECONDS, orNull = true) Tristate<Integer> admissionExpirationSeconds,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> continueSelectingUntilCompleted,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> loyaltyBiasEnabled,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata) implements DrawFields {
}
