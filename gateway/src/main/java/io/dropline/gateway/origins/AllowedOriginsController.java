package io.dropline.gateway.origins;

import io.dropline.gateway.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The settings API's part for browser access (Admin API, secret key): the allowed origins of the key's environment
 * ({@code sk_live_…} the live list, {@code sk_test_…} the test list). The Spotlight config's {@code allowed_origins}
 * reads and writes the same list.
 */
@RestController
class AllowedOriginsController {

    private final AllowedOriginsService origins;

    AllowedOriginsController(AllowedOriginsService origins) {
        this.origins = origins;
    }

    @Operation(summary = "The browser origins allowed to call the Consumer API and the Spotlight SDK (key's environment)")
    @GetMapping("/api/v1/settings/allowed-origins")
    Mono<AllowedOriginsResponse> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return origins.get(caller);
    }

    @Operation(summary = "Replace the allowed browser origins of the key's environment: {\"origins\": [\"https://shop.example\"]}")
    @PutMapping("/api/v1/settings/allowed-origins")
    Mono<AllowedOriginsResponse> replace(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @RequestBody JsonNode body) {
        return origins.replace(caller, exchange, body);
    }
}
