package io.dropline.experiences.queue;

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

/** Queues Admin API ({@code /api/v1/queues}). Bodies are JSON trees so partial updates tell absent from null. */
@RestController
@RequestMapping(path = "/api/v1/queues", produces = "application/json")
class QueueController {

    private final QueueService service;

    QueueController(QueueService service) {
        this.service = service;
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

    @GetMapping("/{id}")
    Mono<QueueResponse> get(InternalContext context, @PathVariable String id) {
        return service.get(AdminSurface.require(context, QueueIds::notFound), id);
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
