package io.dropline.experiences.access.sequence;

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

/** Sequences Admin API ({@code /api/v1/sequences}). */
@RestController
@RequestMapping(path = "/api/v1/sequences", produces = "application/json")
class SequenceController {

    private final SequenceService service;

    SequenceController(SequenceService service) {
        this.service = service;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SequenceResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(SequenceService.admin(context), body);
    }

    @GetMapping
    Mono<ListResponse<SequenceResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(SequenceService.admin(context), params);
    }

    @GetMapping("/{id}")
    Mono<SequenceResponse> get(InternalContext context, @PathVariable String id) {
        return service.get(SequenceService.admin(context), id);
    }

    @GetMapping("/{id}/metrics")
    Mono<SequenceMetrics> metrics(InternalContext context, @PathVariable String id) {
        return service.metrics(SequenceService.admin(context), id);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<SequenceResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(SequenceService.admin(context), id, body);
    }

    @DeleteMapping("/{id}")
    Mono<SequenceResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(SequenceService.admin(context), id);
    }
}
