package io.dropline.contracts.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** Real HTTP servers on loopback: which instance answered, and what a dead one costs. */
class PeerInstancesTest {

    private final List<DisposableServer> servers = new java.util.ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(DisposableServer::disposeNow);
    }

    @Test
    void whenOneBaseUrlThenNoBalancing() {
        assertThat(PeerInstances.of("http://127.0.0.1:8081")).isEmpty();
        assertThat(PeerInstances.first(" http://127.0.0.1:8081 , http://127.0.0.1:8181")).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void whenSeveralInstancesThenEachTakesItsTurn() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        String urls = serving("a", first) + "," + serving("b", second);
        WebClient client = client(urls);

        StepVerifier.create(Flux.range(0, 10).concatMap(i -> client.get().uri("/ping?i=" + i).retrieve().bodyToMono(String.class)))
                .expectNextCount(10).verifyComplete();
        assertThat(first.get()).isEqualTo(5);
        assertThat(second.get()).isEqualTo(5);
    }

    @Test
    void whenAnInstanceRefusesConnectionsThenEveryExchangeReachesTheOtherPostsIncluded() {
        AtomicInteger live = new AtomicInteger();
        String urls = "http://127.0.0.1:" + freePort() + "," + serving("live", live);
        WebClient client = client(urls);

        StepVerifier.create(Flux.range(0, 6).concatMap(i -> client.post().uri("/enter").bodyValue("body " + i)
                        .retrieve().bodyToMono(String.class)))
                .expectNext("live /enter body 0", "live /enter body 1", "live /enter body 2", "live /enter body 3",
                        "live /enter body 4", "live /enter body 5")
                .verifyComplete();
        assertThat(live.get()).isEqualTo(6);
    }

    @Test
    void whenEveryInstanceRefusesThenTheRefusalReachesTheCaller() {
        WebClient client = client("http://127.0.0.1:" + freePort() + ",http://127.0.0.1:" + freePort());
        StepVerifier.create(client.get().uri("/ping").retrieve().bodyToMono(String.class))
                .expectErrorSatisfies(failed -> assertThat(failed).isInstanceOf(WebClientRequestException.class)
                        .satisfies(refused -> assertThat(PeerInstances.refused(refused)).isTrue()))
                .verify();
    }

    private static WebClient client(String urls) {
        WebClient.Builder builder = WebClient.builder().baseUrl(PeerInstances.first(urls));
        PeerInstances.of(urls).ifPresent(builder::filter);
        return builder.build();
    }

    /** A server answering "<name> <path> <body>", counting its requests; its base URL. */
    private String serving(String name, AtomicInteger requests) {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
                        .flatMap(body -> {
                            requests.incrementAndGet();
                            String answer = (name + " " + request.uri().replaceAll("\\?.*", "") + " " + body).strip();
                            return response.sendString(Mono.just(answer)).then();
                        }))
                .bindNow();
        servers.add(server);
        return "http://127.0.0.1:" + server.port();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
