package io.dropline.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

/**
 * Routes whose metadata says {@code multiplexed: true} (the status streams) are proxied by a second
 * {@link NettyRoutingFilter} over the HTTP/2 client of {@link MultiplexedStreamsConfiguration}: many streams share one
 * connection to the service, where HTTP/1.1 held a connection, and a file descriptor at each end, per stream. It runs
 * before the other routing filters ({@link LoopAffineRoutingFilter}, then Spring Cloud Gateway's own) and marks the
 * exchange routed, so those pass it on; every other route goes to them unchanged.
 */
final class MultiplexedStreamRoutingFilter implements GlobalFilter, Ordered, DisposableBean {

    /** The route metadata key that sends a route's calls over the multiplexed client. */
    static final String METADATA_KEY = "multiplexed";

    private final NettyRoutingFilter multiplexed;
    private final ConnectionProvider connections;

    MultiplexedStreamRoutingFilter(NettyRoutingFilter multiplexed, ConnectionProvider connections) {
        this.multiplexed = multiplexed;
        this.connections = connections;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        return isMultiplexed(route) ? multiplexed.filter(exchange, chain) : chain.filter(exchange);
    }

    static boolean isMultiplexed(Route route) {
        // YAML metadata arrives as a String or a Boolean, depending on how the route was defined.
        return route != null && Boolean.parseBoolean(String.valueOf(route.getMetadata().get(METADATA_KEY)));
    }

    @Override
    public int getOrder() {
        return NettyRoutingFilter.ORDER - 2;
    }

    /** The connections are this filter's own (not Reactor Netty's global pool): closed with the context. */
    @Override
    public void destroy() {
        connections.dispose();
    }
}
