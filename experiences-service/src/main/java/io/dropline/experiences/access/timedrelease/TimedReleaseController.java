package io.dropline.experiences.access.timedrelease;

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
 * {@code /api/v1/timed-releases}: the Admin API (secret key: create, list, get, update, delete; deny, complete,
 * validate) and the Consumer API (publishable key + consumer token: the public view, enter, status and its event
 * stream, leave). Bodies are JSON trees read by the shared {@code RequestBodies}.
 */
@RestController
@RequestMapping(path = "/api/v1/timed-releases", produces = MediaType.APPLICATION_JSON_VALUE)
class TimedReleaseController {

    private final TimedReleaseService service;
    private final TimedReleaseEntries entries;

    TimedReleaseController(TimedReleaseService service, TimedReleaseEntries entries) {
        this.service = service;
        this.entries = entries;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TimedReleaseResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(AdminSurface.require(context, TimedReleaseIds::notFound), body);
    }

    @GetMapping
    Mono<ListResponse<TimedReleaseResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(AdminSurface.require(context, TimedReleaseIds::notFound), params);
    }

    /** Shared with the Consumer API: a publishable key gets the public view, a secret key the admin view. */
    @GetMapping("/{id}")
    Mono<?> get(InternalContext context, @PathVariable String id) {
        return context.surface() == ApiSurface.CONSUMER ? service.get(context, id).map(TimedReleaseResponse.Public::of)
                : service.get(AdminSurface.require(context, TimedReleaseIds::notFound), id);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<TimedReleaseResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(AdminSurface.require(context, TimedReleaseIds::notFound), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<TimedReleaseResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(AdminSurface.require(context, TimedReleaseIds::notFound), id);
    }

    // ---- Consumer API ---------------------------------------------------------------------------------------

    @PostMapping("/{id}/enter")
    Mono<TimedReleaseStatus> enter(InternalContext context, @PathVariable String id) {
        return entries.enter(context, id);
    }

    @GetMapping("/{id}/status")
    Mono<TimedReleaseStatus> status(InternalContext context, @PathVariable String id) {
        return entries.status(context, id);
    }

    /** The same status as a Server-Sent Events stream ({@code Accept: text/event-stream}). */
    @GetMapping(path = "/{id}/status", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<TimedReleaseStatus>> statusStream(InternalContext context, @PathVariable String id) {
        return entries.statusStream(context, id);
    }

    @PostMapping("/{id}/leave")
    Mono<TimedReleaseStatus> leave(InternalContext context, @PathVariable String id) {
        return entries.leave(context, id);
    }

    // ---- Server-side (secret key) ---------------------------------------------------------------------------

    @PostMapping(path = "/{id}/deny", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<TimedReleaseStatus> deny(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return entries.deny(context, id, body);
    }

    @PostMapping(path = "/{id}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<TimedReleaseStatus> complete(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return entries.complete(context, id, body);
    }

    @PostMapping(path = "/{id}/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<TimedReleaseEntries.Validation> validate(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return entries.validate(context, id, body);
    }
}
