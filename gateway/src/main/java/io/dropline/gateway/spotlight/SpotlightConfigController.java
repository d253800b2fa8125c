package io.dropline.gateway.spotlight;

import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import io.dropline.gateway.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The tenant's Spotlight config on two surfaces: the Spotlight Admin API ({@code /v1/admin/config}, admin JWT,
 * {@code {"data": …}} envelope) and the bootstrap path of the merchant's secret key
 * ({@code /api/v1/settings/spotlight}, the bare document), which is how a brand-new tenant configures its first JWKS.
 */
@RestController
class SpotlightConfigController {

    private final SpotlightConfigService configs;

    SpotlightConfigController(SpotlightConfigService configs) {
        this.configs = configs;
    }

    @GetMapping("/v1/admin/config")
    Mono<Data<ConfigResponse>> get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return configs.get(caller.organizationId(), caller.environment()).map(SpotlightEnvelopes::data);
    }

    @PutMapping("/v1/admin/config")
    Mono<Data<ConfigResponse>> update(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @RequestBody ConfigDocument changes) {
        return configs.update(AdminActor.of(caller, exchange), changes).map(SpotlightEnvelopes::data);
    }

    @GetMapping("/v1/admin/config/circuit-breaker")
    Mono<Data<ConfigResponse.BreakerResponse>> breaker(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return configs.breaker(caller.organizationId(), caller.environment()).map(SpotlightEnvelopes::data);
    }

    @PostMapping("/v1/admin/config/circuit-breaker")
    Mono<Data<ConfigResponse.BreakerResponse>> toggle(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            ServerWebExchange exchange, @RequestBody CircuitBreakerRequest request) {
        return configs.toggle(AdminActor.of(caller, exchange), request).map(SpotlightEnvelopes::data);
    }

    @Operation(summary = "The Spotlight config of the key's environment (bootstrap path of the secret key)")
    @GetMapping("/api/v1/settings/spotlight")
    Mono<ConfigResponse> bootstrapGet(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return configs.get(caller.organizationId(), caller.environment());
    }

    @Operation(summary = "Update the Spotlight config (partial; same document as PUT /v1/admin/config)")
    @PutMapping("/api/v1/settings/spotlight")
    Mono<ConfigResponse> bootstrapUpdate(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @RequestBody ConfigDocument changes) {
        return configs.update(AdminActor.of(caller, exchange), changes);
    }

    @Operation(summary = "The Spotlight kill switch")
    @GetMapping("/api/v1/settings/spotlight/circuit-breaker")
    Mono<ConfigResponse.BreakerResponse> bootstrapBreaker(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return configs.breaker(caller.organizationId(), caller.environment());
    }

    @Operation(summary = "Turn a Spotlight feature off or on: {\"feature\": \"tours\"|\"content\", \"enabled\": bool}")
    @PostMapping("/api/v1/settings/spotlight/circuit-breaker")
    Mono<ConfigResponse.BreakerResponse> bootstrapToggle(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            ServerWebExchange exchange, @RequestBody CircuitBreakerRequest request) {
        return configs.toggle(AdminActor.of(caller, exchange), request);
    }
}
