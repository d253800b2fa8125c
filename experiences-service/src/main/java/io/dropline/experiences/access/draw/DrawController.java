package io.dropline.experiences.access.draw;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.AdminSurface;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Draws ({@code /api/v1/draws}): the Admin API (secret key: create, list, get, update, delete; deny, complete,
 * validate), the Consumer API (publishable key + consumer token: the public view, enter, leave, status and its event
 * stream), and the published results (either key, once drawn). Bodies are JSON trees read by the shared
 * {@code RequestBodies}.
 */
@RestController
@RequestMapping(path = "/api/v1/draws", produces = MediaType.APPLICATION_JSON_VALUE)
class DrawController {

    private final DrawService service;
    private final DrawJourney journey;

    DrawController(DrawService service, DrawJourney journey) {
        this.service = service;
        this.journey = journey;
    }

    // ---- Admin API ----------------------------------------------------------------------------------------------

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<DrawResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(AdminSurface.require(context, DrawIds::notFound), body);
    }

    @GetMapping
    Mono<ListResponse<DrawResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(AdminSurface.require(context, DrawIds::notFound), params);
    }

    /** Shared with the Consumer API: a publishable key gets the public view, a secret key the admin view. */
    @GetMapping("/{id}")
    Mono<?> get(InternalContext context, @PathVariable String id) {
        return context.surface() == ApiSurface.CONSUMER ? journey.view(context, id)
                : service.get(AdminSurface.require(context, DrawIds::notFound), id);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<DrawResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(AdminSurface.require(context, DrawIds::notFound), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<DrawResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(AdminSurface.require(context, DrawIds::notFound), id);
    }

    @PostMapping(path = "/{id}/deny", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<DrawStatus> deny(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return journey.deny(AdminSurface.require(context, DrawIds::notFound), id, body);
    }

    @PostMapping(path = "/{id}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<DrawStatus> complete(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return journey.complete(AdminSurface.require(context, DrawIds::notFound), id, body);
    }

    @PostMapping(path = "/{id}/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<DrawJourney.GrantValidation> validate(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return journey.validate(AdminSurface.require(context, DrawIds::notFound), id, body);
    }

    // ---- Consumer API -------------------------------------------------------------------------------------------

    @PostMapping("/{id}/enter")
    Mono<DrawStatus> enter(InternalContext context, @PathVariable String id) {
        return journey.enter(context, id);
    }

    @PostMapping("/{id}/leave")
    Mono<DrawStatus> leave(InternalContext context, @PathVariable String id) {
        return journey.leave(context, id);
    }

    @GetMapping("/{id}/status")
    Mono<DrawStatus> status(InternalContext context, @PathVariable String id) {
        return journey.status(context, id);
    }

    /** The same status as a Server-Sent Events stream ({@code Accept: text/event-stream}). */
    @GetMapping(path = "/{id}/status", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<DrawStatus>> statusStream(InternalContext context, @PathVariable String id) {
        return journey.statusStream(context, id);
    }

    /** Public once drawn: a publishable key (anyone) or a secret key; any other surface gets the 404. */
    @GetMapping("/{id}/results")
    Mono<DrawResults> results(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        InternalContext allowed = context.surface() == ApiSurface.CONSUMER ? context : AdminSurface.require(context, DrawIds::notFound);
        return journey.results(allowed, id, params);
    }
}
