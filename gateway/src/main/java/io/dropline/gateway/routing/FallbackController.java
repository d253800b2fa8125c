package io.dropline.gateway.routing;

import io.dropline.contracts.error.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

    private static final long RETRY_AFTER_SECONDS = 5;

    private final ErrorResponses errors;

    FallbackController(ErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping("/fallback/unavailable")
    Mono<Void> unavailable(ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        if (cause == null) {
            return Mono.error(ApiException.notFound("Route"));
        }
        // An open breaker answers without calling; anything else is a real failure worth a line in the log.
        if (!(cause instanceof CallNotPermittedException)) {
            log.warn("Routed request {} failed, answering 503: {}", exchange.getRequest().getPath().value(), cause.toString());
        }
        return errors.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE",
                RETRY_AFTER_SECONDS);
    }
}
