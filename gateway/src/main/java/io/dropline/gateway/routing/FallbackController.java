package io.dropline.gateway.routing;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.web.OutageLog;
import io.dropline.gateway.web.EdgeWebFilter;
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
    private final OutageLog outages = new OutageLog(log);

    FallbackController(ErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping("/fallback/unavailable")
    Mono<Void> unavailable(ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        if (cause == null) {
            return Mono.error(ApiException.notFound("Route"));
        }
        // An open breaker answers without calling; anything else is a real failure worth a line in the log, once per
        // cause (a service down fails every request routed to it alike).
        if (!(cause instanceof CallNotPermittedException)) {
            outages.warn(exchange, "Routed request " + exchange.getRequest().getMethod() + " "
                    + exchange.getAttributeOrDefault(EdgeWebFilter.PUBLIC_PATH, exchange.getRequest().getPath().value())
                    + " failed, answering 503", cause);
        }
        return errors.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE",
                RETRY_AFTER_SECONDS);
    }
}
