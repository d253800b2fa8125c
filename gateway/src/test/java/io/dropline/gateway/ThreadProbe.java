package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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
 * Records, for requests that ask for it, the thread that read the request, the one that goes on after the rate
 * limiter (so after the consumer token's revocation read and the limiter's own Redis call) and the one that commits
 * its answer (docs/adr/0028: a request stays on the event loop that read it). A test imports it and checks with
 * {@link #assertEveryAnswerWrittenByItsReader}. The middle probe matters: a filter that later reads the request body
 * is moved back to the connection's loop by Reactor Netty, so the committing thread alone would not show a hop made
 * earlier.
 */
@TestConfiguration(proxyBeanMethods = false)
class ThreadProbe {

    static final String HEADER = "X-Test-Thread-Probe";
    private static final String AFTER_LIMITER = ThreadProbe.class.getName() + ".afterLimiter";
    private static final Queue<String[]> SEEN = new ConcurrentLinkedQueue<>();

    @Bean
    WebFilter threadProbe() {
        return new ProbeFilter();
    }

    @Bean
    WebFilter afterLimiterProbe() {
        return new AfterLimiterProbe();
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
        assertThat(SEEN).hasSize(count)
                .allSatisfy(threads -> assertThat(List.of(threads[1], threads[2])).containsOnly(threads[0]));
    }

    private static final class ProbeFilter implements WebFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (exchange.getRequest().getHeaders().containsHeader(HEADER)) {
                String reader = Thread.currentThread().getName();
                exchange.getResponse().beforeCommit(() -> {
                    SEEN.add(new String[] {reader, exchange.getAttribute(AFTER_LIMITER), Thread.currentThread().getName()});
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

    /** Just after the rate limiter ({@code RateLimitWebFilter} is at {@code HIGHEST_PRECEDENCE + 20}). */
    private static final class AfterLimiterProbe implements WebFilter, Ordered {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            if (exchange.getRequest().getHeaders().containsHeader(HEADER)) {
                exchange.getAttributes().put(AFTER_LIMITER, Thread.currentThread().getName());
            }
            return chain.filter(exchange);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 21;
        }
    }
}
