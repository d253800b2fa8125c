package io.dropline.consumer.consumer;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import java.util.List;
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
 * Consumers Admin API ({@code /api/v1/consumers}). Bodies are taken as JSON trees because partial updates must
 * tell an absent field from an explicit null; the shared reader turns them into {@link CreateConsumerRequest} and
 * {@link UpdateConsumerRequest}.
 */
@RestController
@RequestMapping(path = "/api/v1/consumers", produces = "application/json")
class ConsumerController {

    private final ConsumerService service;

    ConsumerController(ConsumerService service) {
        this.service = service;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ConsumerResponse> create(InternalContext context, @RequestBody JsonNode body) {
        return service.create(context, body);
    }

    @GetMapping
    Mono<ListResponse<ConsumerResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(context, params);
    }

    @GetMapping("/{id}")
    Mono<ConsumerResponse> get(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return service.get(context, id, params);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<ConsumerResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(context, id, body);
    }

    @DeleteMapping("/{id}")
    Mono<ConsumerResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(context, id);
    }

    @PostMapping(path = "/batch", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<BatchResponse> createBatch(InternalContext context, @RequestBody JsonNode body) {
        return service.createBatch(context, body).map(BatchResponse::new);
    }

    @PutMapping(path = "/batch", consumes = "application/json")
    Mono<BatchResponse> updateBatch(InternalContext context, @RequestBody JsonNode body) {
        return service.updateBatch(context, body).map(BatchResponse::new);
    }

    /** The consumers a batch wrote, in request order. */
    record BatchResponse(List<ConsumerResponse> data) {
    }
}
