package io.dropline.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;

import io.dropline.gateway.web.ServerEventLoops;
import io.dropline.gateway.web.ServerEventLoops.PerLoop;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Spring Cloud Gateway's routing filter, with the shared client split per event loop: a request read on a loop is
 * sent over a connection that lives on that same loop, so the service's answer is read, and written back to the
 * caller, by the thread that read the request. With one pool for all loops the answer arrived on whichever loop owned
 * the pooled connection, and the write to the caller was queued to the caller's loop as a task (issue 16: those handed
 * writes and the wake-ups they cost were a fifth of the gateway's samples under the trivial request).
 *
 * <p>Each loop's client is the shared client ({@code HttpClientFactory}: pool settings, customizers, decoder limits)
 * run on that one loop; Reactor Netty keys its pools by the loop resources, so each loop has a pool of its own. The
 * connect timeout is set on those clients once, so Spring Cloud Gateway's filter no longer copies the client's
 * configuration for it on every call (every route names the same timeout; one naming another still gets a copy). A
 * caller off the loops (a request whose previous step answered on another thread) gets the shared client. It runs
 * just before Spring Cloud Gateway's own routing filter and marks the exchange routed, so that one passes every
 * request on ({@code docs/adr/0028}).
 */
final class LoopAffineRoutingFilter extends NettyRoutingFilter {

    private final PerLoop<HttpClient> clients;
    /** The connect timeout the clients have, as route metadata spells it ({@code connect-timeout: 500}). */
    private final String connectTimeout;

    LoopAffineRoutingFilter(HttpClient shared, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            HttpClientProperties properties, ServerEventLoops loops) {
        super(shared, headersFilters, properties);
        Integer timeout = properties.getConnectTimeout();
        HttpClient timed = timeout == null ? shared : shared.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeout);
        this.clients = loops.perLoop(loop -> timed.runOn(new OneLoop(loop)), timed);
        this.connectTimeout = String.valueOf(timeout);
    }

    @Override
    protected HttpClient getHttpClient(Route route, ServerWebExchange exchange) {
        HttpClient client = clients.current();
        Object routeTimeout = route.getMetadata().get(CONNECT_TIMEOUT_ATTR);
        if (routeTimeout == null || connectTimeout.equals(routeTimeout.toString())) {
            return client;
        }
        // A route's own connect timeout: a copy of the loop's client (a pool of its own, on the same loop).
        return client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Integer.parseInt(routeTimeout.toString()));
    }

    @Override
    public int getOrder() {
        return ORDER - 1;
    }

    /** Loop resources of exactly one loop: every connection made with them is registered on it. */
    private record OneLoop(EventLoop loop) implements LoopResources {

        @Override
        public EventLoopGroup onServer(boolean useNative) {
            return loop;
        }
    }
}
