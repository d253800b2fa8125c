package io.dropline.contracts.web;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets a controller method take the verified {@link InternalContext} as a plain parameter. */
public class InternalContextArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return InternalContext.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        InternalContext context = exchange.getAttribute(InternalContext.ATTRIBUTE);
        return context != null
                ? Mono.just(context)
                : Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Authentication required", "UNAUTHORIZED"));
    }
}
