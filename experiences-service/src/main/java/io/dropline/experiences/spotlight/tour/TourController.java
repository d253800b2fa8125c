package io.dropline.experiences.spotlight.tour;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Spotlight Admin API: tours ({@code /v1/admin/tours}). Bodies are JSON trees so partial updates tell absent from null. */
@RestController
@RequestMapping(path = "/v1/admin/tours", produces = "application/json")
class TourController {

    private final TourService service;

    TourController(TourService service) {
        this.service = service;
    }

    @GetMapping
    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<TourResponse.Summary>>> list(InternalContext context,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String offset) {
        return service.list(context, limit, offset);
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SpotlightEnvelopes.Data<TourResponse>> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(context, body).map(SpotlightEnvelopes::data);
    }

    @GetMapping("/{tourId}")
    Mono<SpotlightEnvelopes.Data<TourResponse>> get(InternalContext context, @PathVariable String tourId) {
        return service.get(context, tourId).map(SpotlightEnvelopes::data);
    }

    @PutMapping(path = "/{tourId}", consumes = "application/json")
    Mono<SpotlightEnvelopes.Data<TourResponse>> update(InternalContext context, @PathVariable String tourId, @RequestBody JsonNode body) {
        return service.update(context, tourId, body).map(SpotlightEnvelopes::data);
    }

    @PostMapping("/{tourId}/publish")
    Mono<SpotlightEnvelopes.Data<TourResponse.Published>> publish(InternalContext context, @PathVariable String tourId) {
        return service.publish(context, tourId).map(SpotlightEnvelopes::data);
    }

    @PostMapping("/{tourId}/archive")
    Mono<SpotlightEnvelopes.Data<TourResponse>> archive(InternalContext context, @PathVariable String tourId) {
        return service.archive(context, tourId).map(SpotlightEnvelopes::data);
    }

    /** The body ({@code {"title": …}}) is optional. */
    @PostMapping("/{tourId}/copy")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SpotlightEnvelopes.Data<TourResponse>> copy(InternalContext context, @PathVariable String tourId,
            @RequestBody(required = false) JsonNode body) {
        return service.copy(context, tourId, body).map(SpotlightEnvelopes::data);
    }

    @GetMapping("/{tourId}/versions")
    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<TourResponse.Version>>> versions(InternalContext context,
            @PathVariable String tourId, @RequestParam(required = false) String limit, @RequestParam(required = false) String offset) {
        return service.versions(context, tourId, limit, offset);
    }

    @PostMapping(path = "/{tourId}/rollback", consumes = "application/json")
    Mono<SpotlightEnvelopes.Data<TourResponse.Published>> rollback(InternalContext context, @PathVariable String tourId,
            @RequestBody JsonNode body) {
        return service.rollback(context, tourId, body).map(SpotlightEnvelopes::data);
    }
}
