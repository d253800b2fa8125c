package io.dropline.analytics.web;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/sdk/events} takes at most 256 KiB, a quarter of the codec's general limit: a browser batch is
 * small, and this route is open to every page that holds the publishable key. A declared length above the limit
 * is refused before reading; a chunked body is counted as it arrives. Both answer 413 through the error handler.
 */
@Component
public class SdkEventsBodyLimit implements WebFilter, Ordered {

    public static final int MAX_BYTES = 256 * 1024;
    private static final String PATH = "/v1/sdk/events";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.POST || !PATH.equals(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        if (request.getHeaders().getContentLength() > MAX_BYTES) {
            return Mono.error(tooLarge());
        }
        return chain.filter(exchange.mutate().request(new Counted(request)).build());
    }

    private static DataBufferLimitException tooLarge() {
        return new DataBufferLimitException("The body exceeds " + MAX_BYTES + " bytes");
    }

    /** The request whose body fails once more than {@link #MAX_BYTES} have arrived. */
    private static final class Counted extends ServerHttpRequestDecorator {

        Counted(ServerHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > MAX_BYTES) {
                    DataBufferUtils.release(buffer);
                    sink.error(tooLarge());
                } else {
                    sink.next(buffer);
                }
            });
        }
    }

    @Override
    public int getOrder() {
        // After the internal context check (HIGHEST_PRECEDENCE + 10): an unauthenticated caller learns nothing.
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
