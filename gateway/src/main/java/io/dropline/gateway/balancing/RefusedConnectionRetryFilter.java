package io.dropline.gateway.balancing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A routed request whose connection an instance refused is offered to another instance of the same service, whatever
 * its method: it never reached the refusing one ({@link RefusedConnections}). It runs just outside the load-balancer
 * filter, so each attempt is balanced afresh, and inside the route's breaker and bulkhead, so the breaker counts the
 * request once, by how it finally went: one dead instance of two does not open it, a dead service does.
 *
 * <p>No request body is cached for this: a refused connection never read it, so the next attempt sends it as is.
 */
final class RefusedConnectionRetryFilter implements GlobalFilter, Ordered {

    private final ServiceInstances instances;
    private final int maxAttempts;

    RefusedConnectionRetryFilter(ServiceInstances instances, int maxAttempts) {
        this.instances = instances;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI balanced = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (balanced == null || !"lb".equals(balanced.getScheme())) {
            return chain.filter(exchange);
        }
        int attempts = Math.min(maxAttempts, instances.of(balanced.getHost()).size());
        return attempt(exchange, chain, balanced, attempts);
    }

    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, URI balanced, int attemptsLeft) {
        return Mono.defer(() -> chain.filter(exchange))
                .onErrorResume(failed -> attemptsLeft > 1 && RefusedConnections.refused(failed)
                        && !exchange.getResponse().isCommitted(), refused -> nextInstance(exchange, chain, balanced, attemptsLeft));
    }

    /** Forgets the instance the last attempt was sent to (the balancer put its URL here) and balances again. */
    private Mono<Void> nextInstance(ServerWebExchange exchange, GatewayFilterChain chain, URI balanced, int attemptsLeft) {
        ServerWebExchangeUtils.reset(exchange);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, balanced);
        return attempt(exchange, chain, balanced, attemptsLeft - 1);
    }
}
