package io.dropline.commerce.order;

import io.dropline.contracts.context.InternalContext;
import reactor.core.publisher.Mono;

/**
 * Marks the admission grant behind an order completed, once, where the grant lives (experiences-service). The
 * checkout package implements it; orders only know that a grant-backed order completes through it first.
 */
public interface AdmissionCompleter {

    /** Succeeds when the grant is completed now or was already completed; fails when it can no longer be. */
    Mono<Void> complete(InternalContext context, OrderEntity order);
}
