package io.dropline.commerce.checkout;

import io.dropline.commerce.order.OrderResponse;
import io.dropline.contracts.context.InternalContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/orders/checkout} (secret key: the merchant's server hands the consumer's grant over). 201 with
 * the pending order; 200 with the same order when the grant was already checked out. Confirmation is
 * {@code POST /api/v1/orders/{id}/complete}.
 */
@RestController
class CheckoutController {

    private final CheckoutService service;

    CheckoutController(CheckoutService service) {
        this.service = service;
    }

    @PostMapping(path = "/api/v1/orders/checkout", consumes = "application/json", produces = "application/json")
    Mono<OrderResponse> checkout(InternalContext context, @RequestBody JsonNode body, ServerWebExchange exchange) {
        return service.checkout(context, body)
                .doOnNext(outcome -> exchange.getResponse().setStatusCode(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK))
                .map(outcome -> outcome.order());
    }
}
