package io.dropline.contracts.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts the Server-Sent Events streams this process holds open: the gauge {@code dropline.sse.streams.open} (its
 * {@code application} tag names the process), for the processes that serve or proxy status streams (gateway,
 * experiences-service), which declare it as a bean. A stream is a GET that accepts {@code text/event-stream}; it counts from the request until its
 * exchange ends (the stream finished, the client went away, or it was refused). Every other request costs one method
 * comparison and one header read: no parsing, nothing allocated.
 */
public class OpenStreamsWebFilter implements WebFilter, Ordered {

    private static final String EVENT_STREAM = "text/event-stream";

    private final AtomicInteger open = new AtomicInteger();

    public OpenStreamsWebFilter(MeterRegistry registry) {
        Gauge.builder("dropline.sse.streams.open", open, AtomicInteger::get)
                .description("Server-Sent Events streams open in this process")
                .register(registry);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isStream(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return Mono.defer(() -> {
            open.incrementAndGet();
            return chain.filter(exchange);
        }).doFinally(ended -> open.decrementAndGet());
    }

    private static boolean isStream(ServerHttpRequest request) {
        if (!HttpMethod.GET.equals(request.getMethod())) {
            return false;
        }
        String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(EVENT_STREAM);
    }

    /** Streams open now (for tests). */
    public int open() {
        return open.get();
    }

    /** First, so a stream counts for its whole exchange, whatever the filters after it do. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
