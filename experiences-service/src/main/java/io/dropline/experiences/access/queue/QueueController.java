package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.AdminSurface;
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
 * Queues Admin API ({@code /api/v1/queues}). Bodies are taken as JSON trees and read by the shared
 * {@code RequestBodies} into typed requests (absent told from null).
 */
@RestController
@RequestMapping(path = "/api/v1/queues", produces = "application/json")
class QueueController {

    private final QueueService service;
    private final PublicQueueReads journey;

    QueueController(QueueService service, PublicQueueReads journey) {
        this.service = service;
        this.journey = journey;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<QueueResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(AdminSurface.require(context, QueueIds::notFound), body);
    }

    @GetMapping
    Mono<ListResponse<QueueResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(AdminSurface.require(context, QueueIds::notFound), params);
    }

    /**
     * Shared with the Consumer API (api-decisions.md, "Which API"): a publishable key gets the public view, built by
     * the journey feature; a secret key the admin view; any other surface the 404 of {@link AdminSurface}.
     */
    @GetMapping("/{id}")
    Mono<?> get(InternalContext context, @PathVariable String id) {
        return context.surface() == ApiSurface.CONSUMER ? journey.queue(context, id)
                : service.get(AdminSurface.require(context, QueueIds::notFound), id);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<QueueResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(AdminSurface.require(context, QueueIds::notFound), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<QueueResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(AdminSurface.require(context, QueueIds::notFound), id);
    }
}
