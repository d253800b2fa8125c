package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.queue.Moment.DateTime;
import io.dropline.experiences.access.queue.TimeZoneRule;
import io.dropline.experiences.access.distribution.EndedRule;
import tools.jackson.databind.node.ObjectNode;

/** {@code PUT /timed-releases/{id}}: partial; {@code statusOverride: "ended"} stops it, and a stopped one cannot change. */
record UpdateTimedReleaseRequest(
        @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 20, rule = EndedRule.class) Tristate<String> statusOverride) implements TimedReleaseFields {

    boolean stops() {
        return "ended".equals(FieldRules.stripped(statusOverride).value());
    }

    boolean reopens() {
        return statusOverride.present() && FieldRules.stripped(statusOverride).value() == null;
    }

    boolean onlyStops() {
        return !name().present() && !timeZone().present() && !openAt().present() && !closeAt().present() && !supportsGuest().present()
                && !metadata().present();
    }
}
