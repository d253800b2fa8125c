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
 * follows the path the client asked for, even after an internal forward to the breaker fallback. The Netty-level
 * {@link BareErrorResponseHandler}, which formats answers written where no exchange exists, renders through
 * {@link #body} too.
 */
@Component
public class ErrorResponses {

    /**
     * {@code Retry-After} of a 503 caused by one of the gateway's own dependencies (PostgreSQL, Redis): the same
     * value the shared error mapping gives, so every dependency 503 reads alike whichever layer answered.
     */
    public static final long DEPENDENCY_RETRY_AFTER_SECONDS = 2;

    private static final String SPOTLIGHT_FALLBACK_CODE = "INTERNAL_ERROR";

    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String message, String code, Long retryAfter) {
        String requestId = RequestIds.of(exchange);
        String path = exchange.getAttributeOrDefault(EdgeWebFilter.PUBLIC_PATH, exchange.getRequest().getPath().value());
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        }
        byte[] bytes = body(path, status, message, code, requestId, retryAfter);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /**
     * The serialized error body for a request to {@code path}: the Spotlight envelope on {@code /v1/…}, the Fanfare
     * one elsewhere. A Spotlight answer carries the seed's code for the status; for a status the seed has no code
     * for (414, 431), the edge's own code, rather than a misleading {@code INTERNAL_ERROR}.
     */
    byte[] body(String path, HttpStatus status, String message, String code, String requestId, Long retryAfter) {
        Object body;
        if (ApiErrorWebExceptionHandler.isSpotlightPath(path)) {
            String spotlightCode = SpotlightError.codeFor(status.value());
            if (SPOTLIGHT_FALLBACK_CODE.equals(spotlightCode) && status != HttpStatus.INTERNAL_SERVER_ERROR && code != null) {
                spotlightCode = code;
            }
            body = SpotlightError.of(spotlightCode, message, requestId);
        } else {
            body = new ApiError(message, code, null, requestId, retryAfter);
        }
        return json.writeValueAsBytes(body);
    }
}
