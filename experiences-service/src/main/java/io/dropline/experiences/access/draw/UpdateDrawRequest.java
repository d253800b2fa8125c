package io.dropline.experiences.access.draw;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.experiences.access.queue.Moment.DateTime;
import io.dropline.experiences.access.queue.TimeZoneRule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code PUT /draws/{id}}: a partial update; absent fields are left as they are. {@code statusOverride: "ended"}
 * stops the draw (it is then never drawn). {@code seed}, {@code seedCommitment} and the legacy {@code encryptionSeed}
 * are named here only to refuse them with 409: the commitment is fixed from creation (ADR 0010).
 */
record UpdateDrawRequest(
        @NotNullValue @NotBlankValue @Text(max = MAX_NAME) Tristate<String> name,
        @Text(max = 64, rule = TimeZoneRule.class) Tristate<String> timeZone,
        @DateTime Tristate<String> openAt,
        @DateTime Tristate<String> closeAt,
        @NotNullValue @DateTime Tristate<String> drawAt,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> supportsGuest,
        @NotNullValue @IntRange(min = 1, max = MAX_WINNERS) Tristate<Integer> winnerCount,
        @IntRange(min = 1, max = MAX_COUNT, orNull = true) Tristate<Integer> capacity,
        @IntRange(min = 1, max = MAX_EXPIRATION_SECONDS, orNull = true) Tristate<Integer> admissionExpirationSeconds,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> continueSelectingUntilCompleted,
        @WellTyped(message = BOOLEAN) @NotNullValue(message = BOOLEAN) Tristate<Boolean> loyaltyBiasEnabled,
        @WellTyped(message = OBJECT) @JsonText(maxChars = MAX_JSON_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 20, rule = UpdateDrawRequest.Ended.class) Tristate<String> statusOverride,
        Tristate<JsonNode> seed,
        Tristate<JsonNode> seedCommitment,
        Tristate<JsonNode> encryptionSeed) implements DrawFields {

    /** The one value {@code statusOverride} takes. */
    public static final class Ended implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return text.equals("ended") ? null : "Must be \"ended\" or null";
        }
    }

    boolean stops() {
        return "ended".equals(FieldRules.stripped(statusOverride).value());
    }

    /**
     * Whether the body would touch the commitment: any seed, or a commitment other than the draw's. Restating the
     * current commitment (a client echoing the admin view back) changes nothing and is allowed.
     */
    boolean changesSeed(String currentCommitment) {
        boolean sameCommitment = seedCommitment.hasValue() && seedCommitment.value().isString()
                && currentCommitment.equals(seedCommitment.value().asString());
        return seed.present() || encryptionSeed.present() || seedCommitment.present() && !sameCommitment;
    }

    /** Whether nothing but {@code statusOverride} is stated. */
    boolean onlyStops() {
        return !name().present() && !timeZone().present() && !openAt().present() && !closeAt().present() && !drawAt().present()
                && !supportsGuest().present() && !winnerCount().present() && !capacity().present()
                && !admissionExpirationSeconds().present() && !continueSelectingUntilCompleted().present()
                && !loyaltyBiasEnabled().present() && !metadata().present();
    }
}
