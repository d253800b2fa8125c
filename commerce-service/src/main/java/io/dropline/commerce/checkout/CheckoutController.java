package io.dropline.commerce.checkout;

import io.dropline.commerce.order.OrderResponse;
import io.dropline.contracts.context.InternalContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
    Mono<ResponseEntity<OrderResponse>> checkout(InternalContext context, @RequestBody JsonNode body) {
        return service.checkout(context, body)
                .map(outcome -> ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.order()));
    }
}
