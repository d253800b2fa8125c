package io.dropline.experiences.access.line;

import io.dropline.contracts.error.ApiException;
import java.util.Set;

/** {@code { "consumerId", "reason"? }}; the reason is one of the documented deny reasons (default ADMIN_ACTION). */
record DenyAction(String consumerId, String reason) {

    private static final Set<String> REASONS = Set.of("QUEUE_CLOSED", "BOT_DETECTED", "VALIDATION_LIMIT_REACHED",
            "ORDER_LIMIT_EXCEEDED", "ADMISSION_EXPIRED", "FRAUD_DETECTED", "ADMIN_ACTION", "CAPACITY_EXCEEDED",
            "VALIDATION_FAILED", "AUDIENCE_MISMATCH");

    String validReason() {
        if (reason == null) {
            return "ADMIN_ACTION";
        }
        if (!REASONS.contains(reason)) {
            throw ApiException.validation("reason", "Must be one of " + String.join(", ", REASONS.stream().sorted().toList()));
        }
        return reason;
    }
}
