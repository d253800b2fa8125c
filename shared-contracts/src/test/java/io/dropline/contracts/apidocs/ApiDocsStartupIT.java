package io.dropline.contracts.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The OpenAPI document is never built on, nor waited for on, an event loop, however early it is asked for.
 *
 * <p>The document build is made slow on purpose (a customizer that holds it until the test's requests were
 * answered, at most {@link #SLOW_BUILD}), and the test fires a burst of requests at {@code /v3/api-docs} the
 * moment the port accepts connections. springdoc's own asynchronous pre-loading holds its lock through that build,
 * so each request parked its event loop and BlockHound answered 500; built before the port opens and served off the
 * event loop, every request gets the document. The application runs on the shared service defaults.
 */
class ApiDocsStartupIT {

    private static final Duration SLOW_BUILD = Duration.ofSeconds(5);
    private static final CountDownLatch REQUESTS_ANSWERED = new CountDownLatch(1);
    private static final int BURST = 16;

    @Test
    void whenTheDocumentIsRequestedTheMomentThePortOpensThenEveryRequestGetsIt() throws Exception {
        int port = ServiceProcess.freePort();
        ExecutorService starter = Executors.newSingleThreadExecutor();
        Future<ConfigurableApplicationContext> application = starter.submit(() -> new SpringApplicationBuilder(App.class)
                .run("--server.port=" + port,
                        "--spring.config.import=classpath:dropline-service-defaults.yml",
                        "--dropline.service.name=apidocs-test",
                        "--dropline.service.port=" + port,
                        "--dropline.service.database=unused",
                        // No database here: the document does not need one.
                        "--spring.autoconfigure.exclude=org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration"));
        try {
            Awaitility.await("port open").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> accepts(port) || application.isDone());
            assertThat(application.isDone() && !accepts(port)).as("application failed to start").isFalse();

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest apiDocs = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                    .timeout(Duration.ofSeconds(30)).build();
            List<CompletableFuture<HttpResponse<String>>> burst = IntStream.range(0, BURST)
                    .mapToObj(i -> client.sendAsync(apiDocs, HttpResponse.BodyHandlers.ofString()))
                    .toList();
            List<HttpResponse<String>> responses = CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new))
                    .thenApply(done -> burst.stream().map(CompletableFuture::join).toList())
                    .get(60, TimeUnit.SECONDS);
            REQUESTS_ANSWERED.countDown();

            assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200);
            assertThat(responses).allSatisfy(response -> assertThat(response.body()).contains("\"openapi\"", "/probe"));
        } finally {
            REQUESTS_ANSWERED.countDown();
            application.get(90, TimeUnit.SECONDS).close();
            starter.shutdown();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Probe.class)
    static class App {

        /** A document build as slow as a large application's, held until the burst was answered. */
        @Bean
        OpenApiCustomizer slowBuild() {
            return openApi -> {
                try {
                    REQUESTS_ANSWERED.await(SLOW_BUILD.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    /** Something for the document to describe. */
    @RestController
    static class Probe {

        @GetMapping("/probe")
        Mono<String> probe() {
            return Mono.just("ok");
        }
    }
}
