package io.dropline.gateway.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the SDK API ({@code /v1/sdk/**}), which customers' pages call from their own origins. A preflight carries
 * no API key, so the tenant (and its {@code allowed_origins}) is unknown at that point: the preflight is answered for
 * any origin, and the real request is where the origin is enforced (403 from the authentication filter when the
 * tenant's list does not contain it). No credentials (cookies) are ever allowed.
 */
@Component
public class SdkCorsWebFilter implements WebFilter, Ordered {

    private static final String ALLOWED_HEADERS = "Content-Type, X-API-Key, X-Publishable-Key, X-Request-Id";
    private static final String EXPOSED_HEADERS = "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After";

    private final ManagementPort managementPort;

    public SdkCorsWebFilter(ManagementPort managementPort) {
        this.managementPort = managementPort;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String origin = request.getHeaders().getOrigin();
        if (managementPort.serves(exchange) || origin == null || !GatewayPaths.isSpotlightSdk(request.getPath().value())) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        if (HttpMethod.OPTIONS.equals(request.getMethod())
                && request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            HttpHeaders headers = response.getHeaders();
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            headers.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
            headers.set(HttpHeaders.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
            response.setStatusCode(HttpStatus.NO_CONTENT);
            return response.setComplete();
        }
        response.beforeCommit(() -> {
            // set, not add: whatever a service may have said, the browser must see exactly one value.
            HttpHeaders headers = response.getHeaders();
            headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
            // Vary is merged, not replaced: the service's own (e.g. Accept-Encoding) still matters to caches.
            headers.setVary(withOrigin(headers.getVary()));
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    /** The response's Vary tokens plus {@code Origin}, once ({@code *} already covers it). */
    public static List<String> withOrigin(List<String> vary) {
        List<String> merged = new ArrayList<>();
        for (String token : vary) {
            String trimmed = token.trim();
            if (!trimmed.isEmpty() && merged.stream().noneMatch(trimmed::equalsIgnoreCase)) {
                merged.add(trimmed);
            }
        }
        if (merged.stream().noneMatch(token -> token.equalsIgnoreCase("Origin") || token.equals("*"))) {
            merged.add("Origin");
        }
        return merged;
    }

    @Override
    public int getOrder() {
        // After EdgeWebFilter (request id, path alias), before authentication: preflights carry no credential.
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }
}
