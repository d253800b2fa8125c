package io.dropline.gateway.routing;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.web.RequestIds;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.web.EdgeWebFilter;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * On every routed request: drop whatever internal or credential headers remain, then attach the freshly signed
 * internal context (tenant, environment, surface, principal, request id) and the request id. Services trust only
 * this context, so API keys themselves never need to travel past the gateway. Consumer access tokens do pass on:
 * consumer-service's session routes read them.
 */
@Component
class ContextRelayGlobalFilter implements GlobalFilter, Ordered {

    private final InternalContextCodec codec;

    ContextRelayGlobalFilter(InternalContextCodec codec) {
        this.codec = codec;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            // Only exempt requests (CORS preflight) get here without a caller; they are not for services.
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Authentication required", null));
        }
        String requestId = RequestIds.of(exchange);
        String signed = codec.sign(codec.create(caller.organizationId(), caller.environment(), caller.surface(),
                caller.principal(), requestId).withDisabledFeatures(caller.disabledFeatures()));
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(headers -> {
                    relayHeaders(headers, signed, requestId);
                    if (caller.surface() == ApiSurface.SPOTLIGHT_ADMIN) {
                        // The admin JWT was verified here; services trust the context and never need the token.
                        headers.remove(HttpHeaders.AUTHORIZATION);
                    }
                }))
                .build());
    }

    private static void relayHeaders(HttpHeaders headers, String signedContext, String requestId) {
        List<String> internal = headers.headerNames().stream()
                .filter(EdgeWebFilter::isInternal)
                .toList();
        internal.forEach(headers::remove);
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer sk_", 0, 10)) {
            headers.remove(HttpHeaders.AUTHORIZATION);
        }
        headers.remove("X-Publishable-Key");
        headers.remove("X-API-Key");
        headers.set(InternalContext.HEADER, signedContext);
        if (requestId != null) {
            headers.set(RequestIds.HEADER, requestId);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
