package io.dropline.gateway.routing;

import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.web.ErrorResponses;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker forwards when its service is down, slow or its breaker is open: a prompt 503
 * with {@code Retry-After: 5} in the API's own envelope. Reached only by that internal forward; the public path
 * {@code /fallback/**} answers 404 (see GatewayPaths).
 */
@RestController
class FallbackController {

    private static final long RETRY_AFTER_SECONDS = 5;

    private final ErrorResponses errors;

    FallbackController(ErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping("/fallback/unavailable")
    Mono<Void> unavailable(ServerWebExchange exchange) {
        if (!exchange.getAttributes().containsKey(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR)) {
            return Mono.error(ApiException.notFound("Route"));
        }
        return errors.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE",
                RETRY_AFTER_SECONDS);
    }
}
