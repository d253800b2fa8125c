package io.dropline.experiences.access.draw;

import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.TextRule;
import io.dropline.contracts.body.Tristate;
import java.util.List;

/** The bodies of the server-side actions on a draw's consumers (secret key), read with the shared RequestBodies. */
final class DrawActions {

    static final List<String> REASONS = List.of("ADMIN_ACTION", "BOT_DETECTED", "DRAW_CLOSED", "FRAUD_DETECTED",
            "ORDER_LIMIT_EXCEEDED", "VALIDATION_FAILED", "AUDIENCE_MISMATCH");

    private DrawActions() {
    }

    /** {@code { "consumerId", "reason"? }}; the reason is one of {@link #REASONS} (default ADMIN_ACTION). */
    record Deny(
            @Required @PublicId(prefix = "cons") Tristate<String> consumerId,
            @NotNullValue @Text(max = 40, rule = Reason.class) Tristate<String> reason) {

        String validReason() {
            return reason.present() ? reason.value().strip() : "ADMIN_ACTION";
        }
    }

    /** {@code { "consumerId", "admissionGrant" }} (or the legacy {@code token}) for complete and validate. */
    record Grant(
            @Required @PublicId(prefix = "cons") Tristate<String> consumerId,
            @Text(max = 4096) Tristate<String> admissionGrant,
            @Text(max = 4096) Tristate<String> token) {

        String grant() {
            return admissionGrant.value() != null ? admissionGrant.value().strip() : token.value() == null ? null : token.value().strip();
        }
    }

    public static final class Reason implements TextRule {
        @Override
        public String problem(String text) {
            return REASONS.contains(text) ? null : "Must be one of " + String.join(", ", REASONS);
        }
    }
}
