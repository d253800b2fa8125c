package io.dropline.experiences.access.participation;

import io.dropline.contracts.context.InternalContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /internal/participations/{consumerId}}: a consumer's live participations, for consumer-service's
 * {@code /consumers/me} (peer services only; INTERNAL surface).
 */
@RestController
class ParticipationController {

    private final ParticipationService service;

    ParticipationController(ParticipationService service) {
        this.service = service;
    }

    @GetMapping(path = "/internal/participations/{consumerId}", produces = "application/json")
    Mono<ParticipationsResponse> participations(InternalContext context, @PathVariable String consumerId) {
        return service.active(context, consumerId);
    }
}
