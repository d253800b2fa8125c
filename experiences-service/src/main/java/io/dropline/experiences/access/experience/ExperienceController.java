package io.dropline.experiences.access.experience;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import org.springframework.http.HttpStatus;
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
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Experiences Admin API ({@code /api/v1/experiences}). Bodies are taken as JSON trees and read by the shared
 * {@code RequestBodies} into typed requests (absent told from null).
 */
@RestController
@RequestMapping(path = "/api/v1/experiences", produces = "application/json")
class ExperienceController {

    private final ExperienceService service;
    private final PublicExperienceReads journey;

    ExperienceController(ExperienceService service, PublicExperienceReads journey) {
        this.service = service;
        this.journey = journey;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ExperienceResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(ExperienceService.admin(context), body);
    }

    @GetMapping
    Mono<ListResponse<ExperienceResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(ExperienceService.admin(context), params);
    }

    /**
     * Shared with the Consumer API (api-decisions.md, "Which API"): a publishable key gets the public view, built by
     * the journey feature; a secret key the admin view; any other surface the 404 of {@link ExperienceService#admin}.
     */
    @GetMapping("/{id}")
    Mono<?> get(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return context.surface() == ApiSurface.CONSUMER ? journey.experience(context, id)
                : service.get(ExperienceService.admin(context), id, params);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<ExperienceResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(ExperienceService.admin(context), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<ExperienceResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(ExperienceService.admin(context), id);
    }

    /** The body ({@code {"name": …}}) is optional. */
    @PostMapping(path = "/{id}/duplicate")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ExperienceResponse> duplicate(InternalContext context, @PathVariable String id,
            @RequestBody(required = false) JsonNode body) {
        return service.duplicate(ExperienceService.admin(context), id, body);
    }
}
