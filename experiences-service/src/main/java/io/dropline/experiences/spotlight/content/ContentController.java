package io.dropline.experiences.spotlight.content;

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

/** Spotlight Admin API: content items ({@code /v1/admin/content}). */
@RestController
@RequestMapping(path = "/v1/admin/content", produces = "application/json")
class ContentController {

    private final ContentService service;

    ContentController(ContentService service) {
        this.service = service;
    }

    @GetMapping
    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<ContentResponse>>> list(InternalContext context,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String offset) {
        return service.list(context, limit, offset);
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SpotlightEnvelopes.Data<ContentResponse>> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(context, body).map(SpotlightEnvelopes::data);
    }

    @GetMapping("/{contentId}")
    Mono<SpotlightEnvelopes.Data<ContentResponse>> get(InternalContext context, @PathVariable String contentId) {
        return service.get(context, contentId).map(SpotlightEnvelopes::data);
    }

    @PutMapping(path = "/{contentId}", consumes = "application/json")
    Mono<SpotlightEnvelopes.Data<ContentResponse>> update(InternalContext context, @PathVariable String contentId,
            @RequestBody JsonNode body) {
        return service.update(context, contentId, body).map(SpotlightEnvelopes::data);
    }

    @PostMapping("/{contentId}/publish")
    Mono<SpotlightEnvelopes.Data<ContentResponse>> publish(InternalContext context, @PathVariable String contentId) {
        return service.publish(context, contentId).map(SpotlightEnvelopes::data);
    }

    @PostMapping("/{contentId}/archive")
    Mono<SpotlightEnvelopes.Data<ContentResponse>> archive(InternalContext context, @PathVariable String contentId) {
        return service.archive(context, contentId).map(SpotlightEnvelopes::data);
    }
}
