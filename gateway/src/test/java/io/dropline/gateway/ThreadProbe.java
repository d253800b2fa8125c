package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec;
import org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersUriSpec;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records, for requests that ask for it, the thread that read the request and the one that commits its answer
 * (docs/adr/0028: a routed call goes out, and its answer comes back, on the event loop that serves the request). A
 * test imports it and checks with {@link #assertEveryAnswerWrittenByItsReader}.
 */
@TestConfiguration(proxyBeanMethods = false)
class ThreadProbe {

    static final String HEADER = "X-Test-Thread-Probe";
    private static final Queue<String[]> SEEN = new ConcurrentLinkedQueue<>();

    @Bean
    WebFilter threadProbe() {
        return new ProbeFilter();
    }

    /** Sends {@code count} requests, 16 at a time, and asserts that each answer was committed by its reader. */
    static void assertEveryAnswerWrittenByItsReader(WebTestClient client, int count,
            Function<RequestHeadersUriSpec<?>, RequestHeadersSpec<?>> request) {
        SEEN.clear();
        Flux.range(0, count)
                .flatMap(i -> request.apply(client.get()).header(HEADER, "1").exchange()
                        .returnResult(Void.class).getResponseBody().then(), 16)
                .blockLast(Duration.ofSeconds(30));
        SEEN.stream().limit(5).forEach(t -> System.out.println("PAIR " + t[0] + " -> " + t[1]));
        assertThat(SEEN).hasSize(count).allSatisfy(threads -> assertThat(threads[1]).isEqualTo(threads[0]));
    }

    private static final class ProbeFilter implements WebFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (exchange.getRequest().getHeaders().containsHeader(HEADER)) {
                String reader = Thread.currentThread().getName();
                exchange.getResponse().beforeCommit(() -> {
                    SEEN.add(new String[] {reader, Thread.currentThread().getName()});
                    return Mono.empty();
                });
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
