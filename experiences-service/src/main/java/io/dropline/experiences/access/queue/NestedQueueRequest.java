package io.dropline.experiences.access.queue;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.queue.Moment.DateTime;
import tools.jackson.databind.node.ObjectNode;

/**
 * A queue of a nested create ({@code POST /experiences} with {@code sequence.queues}); name and admitRate required.
 * Its local date-times are read in its zone, else the experience's ({@link QueueService#insertNested}).
 */
@QueueFields.LegacyNames(admitRateRequired = true)
public record NestedQueueRequest(
        @Required @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @NotNullValue @IntRange(min = 1, max = MAX_ADMIT_RATE) Tristate<Integer> admitRate,
        @NotNullValue @IntRange(min = 1, max = MAX_ADMIT_RATE) Tristate<Integer> admissionRate,
        @IntRange(min = 1, max = MAX_COUNT, orNull = true) Tristate<Integer> maxCapacity,
        @IntRange(min = 1, max = MAX_COUNT, orNull = true) Tristate<Integer> capacity,
        @IntRange(min = 1, max = MAX_COUNT, orNull = true) Tristate<Integer> maxAdmissions,
        @IntRange(min = 1, max = MAX_EXPIRATION_SECONDS, orNull = true) Tristate<Integer> sessionDurationSeconds,
        @IntRange(min = 1, max = MAX_EXPIRATION_SECONDS, orNull = true) Tristate<Integer> admissionExpirationSeconds,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> recycleExpiredSpots,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata) implements QueueFields {
}
