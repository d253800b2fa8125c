package io.dropline.consumer.me;

import io.dropline.consumer.consumer.ConsumerProfile;
import io.dropline.consumer.consumer.ConsumerService;
import io.dropline.consumer.experience.ExperiencesClient;
import io.dropline.consumer.experience.ExperiencesUnavailableException;
import io.dropline.consumer.session.ConsumerCallers;
import io.dropline.contracts.context.InternalContext;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The consumer's own view: the profile (this service) and their active participations (experiences-service).
 * When experiences-service cannot answer, the profile still is: {@code active} is then null and
 * {@code activeUnavailable} true, never an empty object that would claim "nothing to resume".
 */
@Service
class MeService {

    private final ConsumerService consumers;
    private final ExperiencesClient experiences;

    MeService(ConsumerService consumers, ExperiencesClient experiences) {
        this.consumers = consumers;
        this.experiences = experiences;
    }

    Mono<MeResponse> me(InternalContext context) {
        return Mono.fromSupplier(() -> ConsumerCallers.requireConsumer(context))
                .flatMap(consumerId -> consumers.findProfile(context, consumerId))
                .flatMap(profile -> withParticipations(context, profile));
    }

    /** The profile is read first: an unknown consumer is a 404 without asking experiences-service. */
    private Mono<MeResponse> withParticipations(InternalContext context, ConsumerProfile profile) {
        // The client has logged the failure with the request id; here it only becomes a partial answer.
        return experiences.participations(context, profile.id())
                .map(participations -> Optional.of(ActiveParticipations.from(participations)))
                .onErrorResume(ExperiencesUnavailableException.class, unavailable -> Mono.just(Optional.empty()))
                .map(active -> MeResponse.from(profile, active));
    }
}
