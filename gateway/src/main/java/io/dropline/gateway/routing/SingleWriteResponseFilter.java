package io.dropline.gateway.routing;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Passes a service's small answer on to the client in one write. Spring Cloud Gateway relays the answer's body as the
 * stream it arrives as, and Reactor Netty then writes a streamed answer in two flushes: the status line and headers
 * first, the body after, each its own {@code send} system call and each a task handed to the client connection's
 * event loop (issue 16: two sends per proxied request, seen with {@code strace} on the trivial request; {@code send}
 * was the gateway's largest self cost in the profile). An answer whose {@code Content-Length} says it is small is
 * gathered first (it is usually one buffer already, so nothing is copied) and written whole: Reactor Netty then sends
 * headers and body as one message in one flush. Answers without a length (Server-Sent Events, chunked bodies) and
 * large ones stream as before.
 */
@Component
class SingleWriteResponseFilter implements GlobalFilter, Ordered {

    /** Above this an answer streams through rather than being held whole in the gateway's memory. */
    static final long MAX_GATHERED_BYTES = 64 * 1024;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange.mutate().response(new SingleWrite(exchange.getResponse())).build());
    }

    static final class SingleWrite extends ServerHttpResponseDecorator {

        SingleWrite(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            long length = getHeaders().getContentLength();
            if (body instanceof Mono || length < 0 || length > MAX_GATHERED_BYTES) {
                return super.writeWith(body);
            }
            return super.writeWith(DataBufferUtils.join(Flux.from(body)));
        }
    }

    @Override
    public int getOrder() {
        // Outside every other decorator of the answer (IssuedTokenFilter's writes a whole answer already).
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;
    }
}
