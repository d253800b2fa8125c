package io.dropline.experiences.access.queue;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.queue.Moment.DateTime;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code PUT /queues/{id}}: a partial update; an absent field is left as it is, null clears it where it may be
 * cleared. {@code statusOverride: "ended"} stops the queue; null (to reopen) is refused once it is stopped.
 */
@QueueFields.LegacyNames(admitRateRequired = false)
record UpdateQueueRequest(
        @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
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
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 20, rule = UpdateQueueRequest.Ended.class) Tristate<String> statusOverride) implements QueueFields {

    /** The one value {@code statusOverride} takes. */
    public static final class Ended implements io.dropline.contracts.body.FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return text.equals("ended") ? null : "Must be \"ended\" or null";
        }
    }

    boolean stops() {
        return "ended".equals(io.dropline.contracts.body.FieldRules.stripped(statusOverride).value());
    }

    /** Whether nothing but {@code statusOverride} is stated. */
    boolean onlyStops() {
        return !name().present() && !timeZone().present() && !openAt().present() && !closeAt().present()
                && !supportsGuest().present() && !admitRate().present() && !admissionRate().present() && !capacity().present()
                && !maxCapacity().present() && !maxAdmissions().present() && !admissionExpirationSeconds().present()
                && !sessionDurationSeconds().present() && !recycleExpiredSpots().present() && !metadata().present();
    }
}
