package io.dropline.commerce.checkout;

import io.dropline.commerce.order.AdmissionCompleter;
import io.dropline.commerce.order.OrderEntity;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Completes an order's grant at experiences-service, exactly once in effect: the route marks the grant used once and
 * answers "already completed" to a repeat. A repeat is ours (success) only when this order had asked before;
 * otherwise the grant was used elsewhere, and the order may not complete with it.
 */
@Component
class GrantCompletion implements AdmissionCompleter {

    private final ExperiencesClient experiences;

    GrantCompletion(ExperiencesClient experiences) {
        this.experiences = experiences;
    }

    @Override
    public Mono<Void> complete(InternalContext context, OrderEntity order, boolean askedBefore) {
        return experiences.complete(context, order.distributionType(), order.distributionId(), Ids.format("cons", order.consumerId()))
                .flatMap(outcome -> {
                    if (outcome.completed() || outcome.alreadyCompleted() && askedBefore) {
                        return Mono.<Void>empty();
                    }
                    return Mono.error(new Rejected(outcome.alreadyCompleted() ? "ALREADY_COMPLETED" : outcome.refusal()));
                });
    }
}
