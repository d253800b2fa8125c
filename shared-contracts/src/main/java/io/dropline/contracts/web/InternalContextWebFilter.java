package io.dropline.contracts.web;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Admits a request to a service only with a valid, unexpired context signed by the gateway (or, for
 * {@code /internal/**}, by a peer service). Actuator and the OpenAPI document are exempt: they are never routed
 * by the gateway and serve operators.
 */
public class InternalContextWebFilter implements WebFilter, Ordered {

    private final InternalContextCodec codec;

    public InternalContextWebFilter(InternalContextCodec codec) {
        this.codec = codec;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (isExempt(path)) {
            return chain.filter(exchange);
        }
        return codec.verify(exchange.getRequest().getHeaders().getFirst(InternalContext.HEADER))
                .map(context -> proceedWith(context, exchange, chain))
                .orElseGet(() -> Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Authentication required", "UNAUTHORIZED")));
    }

    private static Mono<Void> proceedWith(InternalContext context, ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getAttributes().put(InternalContext.ATTRIBUTE, context);
        return chain.filter(exchange).contextWrite(reactor -> reactor.put(InternalContext.ATTRIBUTE, context));
    }

    static boolean isExempt(String path) {
        return path.startsWith("/actuator/") || path.equals("/actuator")
                || path.startsWith("/v3/api-docs");
    }

    @Override
    public int getOrder() {
        // After the request id is known, before anything that reads tenancy.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
