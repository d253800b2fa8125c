package io.dropline.experiences.access.journey;

import io.dropline.contracts.context.InternalContext;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The consumer journey through an experience (publishable key; enter and leave need a consumer token). The public
 * reads of {@code GET /experiences/{id}} and {@code GET /queues/{id}} share their paths with the Admin API and are
 * dispatched from those controllers.
 */
@RestController
@RequestMapping(path = "/api/v1/experiences", produces = "application/json")
class JourneyController {

    private final JourneyService service;

    JourneyController(JourneyService service) {
        this.service = service;
    }

    @PostMapping("/{id}/enter")
    Mono<EnterResponse> enter(InternalContext context, @PathVariable String id) {
        return service.enter(context, id);
    }

    @DeleteMapping("/{id}/leave")
    Mono<LeaveResponse> leave(InternalContext context, @PathVariable String id) {
        return service.leave(context, id);
    }

    /** The body ({@code {"accessCode": …}}) is optional. */
    @PostMapping("/{id}/route")
    Mono<RouteResponse> route(InternalContext context, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
        return service.route(context, id, body);
    }
}
