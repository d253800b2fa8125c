package io.dropline.commerce.order;

import io.dropline.contracts.context.InternalContext;
import reactor.core.publisher.Mono;

/**
 * Marks the admission grant behind an order completed, once, where the grant lives (experiences-service). The
 * checkout package implements it; orders only know that a grant-backed order completes through it first.
 */
public interface AdmissionCompleter {

    /**
     * Succeeds when the grant is completed now, or was already completed and {@code askedBefore} (our own earlier
     * attempt). Fails with {@link Rejected} when the grant can no longer be completed for this order (expired,
     * revoked, used elsewhere), and with a 503 when experiences-service cannot answer.
     */
    Mono<Void> complete(InternalContext context, OrderEntity order, boolean askedBefore);

    /** The grant cannot complete this order: 403 ADMISSION_INVALID, and the order is cancelled. */
    final class Rejected extends RuntimeException {

        private final String reason;

        public Rejected(String reason) {
            super("Admission grant rejected: " + reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
