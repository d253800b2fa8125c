package io.dropline.consumer.me;

import io.dropline.consumer.consumer.ConsumerService;
import io.dropline.consumer.session.ConsumerCallers;
import io.dropline.contracts.context.InternalContext;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The consumer's own view. Active participations (queues, draws, auctions, journeys) belong to
 * experiences-service; until it offers them to this service, {@code active} is an empty object.
 */
@Service
class MeService {

    private final ConsumerService consumers;

    MeService(ConsumerService consumers) {
        this.consumers = consumers;
    }

    Mono<MeResponse> me(InternalContext context) {
        return Mono.fromSupplier(() -> ConsumerCallers.requireConsumer(context))
                .flatMap(consumerId -> consumers.findProfile(context, consumerId))
                .map(MeResponse::from);
    }
}
