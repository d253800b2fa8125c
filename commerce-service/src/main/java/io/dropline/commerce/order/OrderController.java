package io.dropline.commerce.order;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.ListResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Orders Admin API ({@code /api/v1/orders}). */
@RestController
@RequestMapping(path = "/api/v1/orders", produces = "application/json")
class OrderController {

    private final OrderService service;

    OrderController(OrderService service) {
        this.service = service;
    }

    record Items<T>(List<T> data) {
    }

    /** 201 with the new order; 200 with the existing one when its {@code externalId} is already known. */
    @PostMapping(consumes = "application/json")
    Mono<OrderResponse> create(InternalContext context, @RequestBody JsonNode body, ServerWebExchange exchange) {
        return service.create(context, body)
                .doOnNext(outcome -> exchange.getResponse().setStatusCode(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK))
                .map(outcome -> outcome.order());
    }

    @PostMapping(path = "/batch", consumes = "application/json")
    Mono<Items<OrderService.BatchResult>> batch(InternalContext context, @RequestBody JsonNode body) {
        return service.batch(context, body).map(Items::new);
    }

    @GetMapping
    Mono<ListResponse<OrderResponse>> list(InternalContext context, @RequestParam MultiValueMap<String, String> params) {
        return service.list(context, params);
    }

    @GetMapping("/{id}")
    Mono<OrderResponse> get(InternalContext context, @PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return service.get(context, id, params);
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    Mono<OrderResponse> update(InternalContext context, @PathVariable String id, @RequestBody JsonNode body) {
        return service.update(context, id, body);
    }

    @DeleteMapping("/{id}")
    Mono<OrderResponse> delete(InternalContext context, @PathVariable String id) {
        return service.delete(context, id);
    }

    /** The merchant (or its payment step) confirms: the order completes, its grant is marked completed once. */
    @PostMapping("/{id}/complete")
    Mono<OrderResponse> complete(InternalContext context, @PathVariable String id) {
        return service.complete(context, id);
    }

    @PostMapping("/{id}/cancel")
    Mono<OrderResponse> cancel(InternalContext context, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
        return service.cancel(context, id, body);
    }
}
