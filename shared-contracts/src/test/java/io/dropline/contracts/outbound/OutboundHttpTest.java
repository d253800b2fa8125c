package io.dropline.contracts.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatusCode;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The outbound client against a real local HTTP server (allowed only in the relaxed mode tests use). */
class OutboundHttpTest {

    private static final OutboundHttp.Limits RELAXED = new OutboundHttp.Limits(Duration.ofSeconds(2), 1024, true);

    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> answer(exchange, 200, "hello"));
        server.createContext("/big", exchange -> answer(exchange, 200, "x".repeat(4096)));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void whenTheUrlIsVettedThenTheCallReachesIt() {
        StepVerifier.create(get(base + "/ok", RELAXED)).expectNext("hello").verifyComplete();
    }

    @Test
    void whenTheServerRedirectsThenTheRedirectIsNotFollowed() {
        StepVerifier.create(OutboundHttp.client(base + "/redirect", RELAXED)
                        .flatMap(client -> client.get().uri(base + "/redirect").exchangeToMono(response -> Mono.just(
                                response.statusCode()))))
                .expectNext(HttpStatusCode.valueOf(302))
                .verifyComplete();
    }

    @Test
    void whenTheBodyIsLargerThanTheLimitThenTheCallFails() {
        StepVerifier.create(get(base + "/big", RELAXED))
                .expectErrorSatisfies(failed -> assertThat(failed).hasCauseInstanceOf(DataBufferLimitException.class))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void whenTheGuardWouldRefuseTheUrlThenNoClientAndNoCall() {
        StepVerifier.create(OutboundHttp.client(base + "/ok", new OutboundHttp.Limits(Duration.ofSeconds(2), 1024, false)))
                .expectError(OutboundUrlGuard.Refused.class)
                .verify(Duration.ofSeconds(10));
    }

    private static Mono<String> get(String url, OutboundHttp.Limits limits) {
        return OutboundHttp.client(url, limits).flatMap(client -> client.get().uri(url).retrieve().bodyToMono(String.class));
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
