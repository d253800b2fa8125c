package io.dropline.gateway.web;

import io.dropline.contracts.error.ApiError;
import io.dropline.contracts.error.SpotlightError;
import io.dropline.contracts.web.ApiErrorWebExceptionHandler;
import io.dropline.contracts.web.RequestIds;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Error answers the edge writes itself, with headers the shared exception handler does not know about
 * ({@code Retry-After}, rate-limit headers) and fields it does not render ({@code retryAfter}). The envelope
 * follows the path the client asked for, even after an internal forward to the breaker fallback.
 */
@Component
public class ErrorResponses {

    /**
     * {@code Retry-After} of a 503 caused by one of the gateway's own dependencies (PostgreSQL, Redis): the same
     * value the shared error mapping gives, so every dependency 503 reads alike whichever layer answered.
     */
    public static final long DEPENDENCY_RETRY_AFTER_SECONDS = 2;

    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String message, String code, Long retryAfter) {
        String requestId = RequestIds.of(exchange);
        String path = exchange.getAttributeOrDefault(EdgeWebFilter.PUBLIC_PATH, exchange.getRequest().getPath().value());
        Object body = ApiErrorWebExceptionHandler.isSpotlightPath(path)
                ? SpotlightError.of(SpotlightError.codeFor(status.value()), message, requestId)
                : new ApiError(message, code, null, requestId, retryAfter);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        }
        byte[] bytes = json.writeValueAsBytes(body);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
