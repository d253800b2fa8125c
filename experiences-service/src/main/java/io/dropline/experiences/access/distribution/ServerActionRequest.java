package io.dropline.experiences.access.distribution;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;
import java.util.List;
import java.util.UUID;

/**
 * The body of the server-side actions the non-queue types share (deny, complete, validate), read with the shared
 * {@code RequestBodies} so every bad field is one 400: {@code consumerId} (required), {@code reason} (deny: one of
 * the documented reasons, default ADMIN_ACTION), {@code admissionGrant} (its legacy name {@code token} accepted).
 */
public record ServerActionRequest(
        @Required @PublicId(prefix = "cons") Tristate<String> consumerId,
        @Text(max = 40, rule = ServerActionRequest.Reason.class) Tristate<String> reason,
        @Text(max = 8192) Tristate<String> admissionGrant,
        @Text(max = 8192) Tristate<String> token) {

    /** The documented deny reasons (the queue's list). */
    public static final List<String> REASONS = List.of("ADMIN_ACTION", "ADMISSION_EXPIRED", "AUDIENCE_MISMATCH", "BOT_DETECTED",
            "CAPACITY_EXCEEDED", "FRAUD_DETECTED", "ORDER_LIMIT_EXCEEDED", "QUEUE_CLOSED", "VALIDATION_FAILED",
            "VALIDATION_LIMIT_REACHED");

    public static final class Reason implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return REASONS.contains(text) ? null : "Must be one of " + String.join(", ", REASONS);
        }
    }

    public UUID consumer() {
        return EntryRules.consumerIdOrBadRequest(consumerId.value());
    }

    public String denyReason() {
        String given = FieldRules.stripped(reason).value();
        return given == null ? "ADMIN_ACTION" : given;
    }

    /** The grant presented, under either name; null when none. */
    public String grant() {
        String current = FieldRules.stripped(admissionGrant).value();
        return current != null ? current : FieldRules.stripped(token).value();
    }
}
