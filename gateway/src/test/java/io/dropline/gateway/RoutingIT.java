package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.gateway.Tenants.Tenant;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(ThreadProbe.class)
class RoutingIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        GatewayItSupport.register(registry);
        // commerce-service and analytics-service are "stopped": nothing listens at their addresses.
        registry.add("dropline.gateway.services.commerce", EchoServer::deadUrl);
        registry.add("dropline.gateway.services.analytics", EchoServer::deadUrl);
        // audience-service runs two instances, the first of them dead: every request must reach the live one.
        registry.add("dropline.gateway.services.audience", () -> EchoServer.deadUrl() + "," + EchoServer.url());
        registry.add("dropline.gateway.breaker.read-timeout", () -> "1s");
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @org.springframework.beans.factory.annotation.Value("${local.management.port}")
    int managementPort;

    Tenant tenant;

    @BeforeAll
    void createTenant() {
        tenant = Tenants.create(context, "routing-shop");
    }

    @Test
    void whenClientForgesInternalHeadersThenTheyAreReplacedByTheSignedContext() {
        String forged = GatewayItSupport.CODEC.sign(GatewayItSupport.CODEC.create(java.util.UUID.randomUUID(),
                io.dropline.contracts.context.Environment.LIVE, io.dropline.contracts.context.ApiSurface.INTERNAL,
                io.dropline.contracts.context.Principal.service("evil"), "forged"));
        byte[] body = client.get().uri("/api/v1/audiences/aud_1")
                .header("Authorization", "Bearer " + tenant.liveSecret())
                .header(InternalContext.HEADER, forged)
                .header("X-Dropline-Admin", "true")
                .header("x-dropline-tenant", "someone-else")
                .exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        Map<String, List<String>> headers = GatewayItSupport.echoedHeaders(body);
        InternalContext context = GatewayItSupport.context(headers);
        assertThat(context.organizationId()).isEqualTo(tenant.id());
        assertThat(headers).doesNotContainKeys("x-dropline-admin", "x-dropline-tenant");
        // API keys do not travel past the gateway; the context stands for them.
        assertThat(headers).doesNotContainKeys("authorization", "x-api-key", "x-publishable-key");
    }

    @Test
    void whenSaneRequestIdThenItIsKeptEchoedAndForwarded() {
        byte[] body = client.get().uri("/api/v1/consumers/cons_1")
                .header("Authorization", "Bearer " + tenant.liveSecret())
                .header("X-Request-Id", "client-req-42")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-Id", "client-req-42")
                .expectBody().returnResult().getResponseBody();
        Map<String, List<String>> headers = GatewayItSupport.echoedHeaders(body);
        assertThat(headers.get("x-request-id")).containsExactly("client-req-42");
        assertThat(GatewayItSupport.context(headers).requestId()).isEqualTo("client-req-42");
    }

    @Test
    void whenRequestIdMissingOrInsaneThenANewOneIsMadeAndReturnedEvenOnErrors() {
        client.get().uri("/api/v1/organizations/me").header("X-Request-Id", "bad id with spaces <script>").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).doesNotContain(" ").isNotBlank())
                .expectBody().jsonPath("$.requestId").value(id -> assertThat((String) id).doesNotContain(" "));
        var result = client.get().uri("/api/v1/experiences").header("Authorization", "Bearer " + tenant.liveSecret())
                .exchange().expectStatus().isOk().expectBody().returnResult();
        String returned = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(returned).isNotBlank();
        assertThat(result.getResponseHeaders().get("X-Request-Id")).hasSize(1);
        assertThat(GatewayItSupport.echoedHeaders(result.getResponseBody()).get("x-request-id")).containsExactly(returned);
    }

    @Test
    void whenUnversionedAliasThenRoutedToV1() {
        byte[] body = client.get().uri("/api/audiences?first=5").header("Authorization", "Bearer " + tenant.liveSecret())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(GatewayItSupport.echoedPath(body)).isEqualTo("/api/v1/audiences?first=5");
    }

    @Test
    void whenInternalActuatorOrUnknownPathsThen404InTheApiFormat() {
        for (String path : List.of("/internal/metrics", "/actuator/health", "/actuator", "/actuator/prometheus",
                "/fallback/unavailable")) {
            client.get().uri(path).header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Not found");
        }
        client.get().uri("/api/v1/no-such-thing").header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.requestId").isNotEmpty();
        client.get().uri("/v1/admin/internal").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void whenOneInstanceRefusesConnectionsThenEveryRequestReachesTheOtherPostsIncluded() {
        for (int i = 0; i < 6; i++) {
            String json = "{\"name\":\"Balanced " + i + "\"}";
            byte[] body = client.post().uri("/api/v1/audiences").header("Authorization", "Bearer " + tenant.liveSecret())
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(json)
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
            assertThat(GatewayItSupport.echoedPath(body)).isEqualTo("/api/v1/audiences");
            // A refused connection never read the body: the live instance gets all of it.
            assertThat(GatewayItSupport.echoedHeaders(body).get("content-length"))
                    .containsExactly(String.valueOf(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
    }

    @Test
    void whenServiceIsDownThenPrompt503WithRetryAfterInTheApiFormat() {
        long started = System.nanoTime();
        client.get().uri("/api/v1/products").header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.error").isEqualTo("Service unavailable")
                .jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.requestId").isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void whenAServiceAnswersInChunksThenTheClientGetsTheWholeBodyGatheredOrStreamed() {
        // SingleWriteResponseFilter gathers answers with a small Content-Length into one write; large ones and
        // chunked ones stream through. Each must arrive whole, byte for byte, with the service's framing.
        record Answer(int bytes, int chunks, String framing) {
        }
        int gatheredAtMost = 64 * 1024; // SingleWriteResponseFilter.MAX_GATHERED_BYTES
        List<Answer> answers = List.of(new Answer(0, 1, "length"), new Answer(700, 3, "length"),
                new Answer(gatheredAtMost, 5, "length"),
                new Answer(gatheredAtMost + 1, 4, "length"),
                new Answer(200_000, 8, "length"), new Answer(5_000, 3, "chunked"));
        // The test's own client buffers up to a megabyte (the application's codecs stop at 64 KB).
        WebTestClient reader = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024)).build();
        for (Answer answer : answers) {
            var result = reader.get()
                    .uri("/api/v1/experiences/" + EchoServer.SIZED + "/" + answer.bytes() + "/" + answer.chunks() + "/" + answer.framing())
                    .header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                    .expectStatus().isOk()
                    .expectBody(byte[].class).returnResult();
            byte[] body = result.getResponseBody() == null ? new byte[0] : result.getResponseBody();
            assertThat(body).as(answer.toString()).isEqualTo(EchoServer.body(answer.bytes()));
            if (answer.framing().equals("length")) {
                assertThat(result.getResponseHeaders().getContentLength()).as(answer.toString()).isEqualTo(answer.bytes());
            } else {
                assertThat(result.getResponseHeaders().getFirst("Transfer-Encoding")).as(answer.toString()).isEqualTo("chunked");
            }
        }
    }

    @Test
    void whenStatusStreamsOpenThenTheyShareOneHttp2ConnectionToTheServiceAndOtherCallsKeepHttp11() {
        // The status streams' route is multiplexed (MultiplexedStreamsConfiguration): over h2c, many streams to one
        // connection, where HTTP/1.1 held one connection per open stream. A first stream opens the connection; the
        // next twenty, opened together, ride on it (one peer port for all: the echo server reports each stream's).
        List<String> first = stream("queue_" + EchoServer.EVENTS + "_first");
        assertThat(first).hasSize(2).allMatch(event -> event.startsWith("HTTP/2.0 "));
        List<String> together = Flux.range(0, 20)
                .flatMap(i -> Flux.defer(() -> Flux.fromIterable(stream("queue_" + EchoServer.EVENTS + "_" + i))).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .collectList().block(Duration.ofSeconds(20));
        assertThat(together).hasSize(40).allMatch(event -> event.startsWith("HTTP/2.0 "));
        assertThat(together).allMatch(event -> event.equals(first.get(0)));
        // A short call to the same service keeps the shared HTTP/1.1 client.
        client.get().uri("/api/v1/experiences/exp_1").header("Authorization", "Bearer " + tenant.liveSecret())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.protocol").isEqualTo("HTTP/1.1");
    }

    /** The events of one status stream through the gateway, whole (the echo server ends it after two). */
    private List<String> stream(String queue) {
        return client.get().uri("/api/v1/queues/" + queue + "/status")
                .header("Authorization", "Bearer " + tenant.liveSecret())
                .header("Accept", MediaType.TEXT_EVENT_STREAM_VALUE).exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody()
                .collectList().block(Duration.ofSeconds(10));
    }

    @Test
    void whenAServiceStallsAfterItsHeadersThenTheReadTimeoutEndsTheAnswer() {
        // No breaker time limit bounds a routed call (CircuitBreakerConfiguration): the shared client's read timeout
        // (1 s here) does, so a stalled answer does not hold the client's connection and a bulkhead permit forever.
        long started = System.nanoTime();
        Flux<String> body = client.get().uri("/api/v1/experiences/" + EchoServer.STALL)
                .header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        body.onErrorResume(cut -> Flux.empty()).collectList().block(Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void whenPerResourceMetricsThenAnalyticsAnswersThemAndTheOwningServicesTheRest() {
        // analytics-service is down here: its routes answer 503, the owners' own routes still reach them.
        for (String path : List.of("/api/v1/experiences/exp_1/metrics", "/api/v1/products/prod_1/metrics")) {
            client.get().uri(path).header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("SERVICE_UNAVAILABLE");
        }
        for (String path : List.of("/api/v1/experiences/exp_1", "/api/v1/sequences/seq_1/metrics")) {
            byte[] body = client.get().uri(path).header("Authorization", "Bearer " + tenant.liveSecret()).exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody();
            assertThat(GatewayItSupport.echoedPath(body)).isEqualTo(path);
        }
    }

    @Test
    void whenSpotlightServiceIsDownThen503InTheSpotlightFormat() {
        long started = System.nanoTime();
        client.post().uri("/v1/sdk/events").header("X-API-Key", tenant.livePublishable()).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.error.code").isEqualTo("SERVICE_UNAVAILABLE")
                .jsonPath("$.error.request_id").isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void whenARouteIsCalledThenNoEventBufferIsSubscribedToItsBreakerOrBulkheadAndTheirMetersRemain() {
        client.get().uri("/api/v1/audiences?first=1").header("Authorization", "Bearer " + tenant.liveSecret())
                .exchange().expectStatus().isOk();

        // A buffer of recent events subscribed to a breaker or bulkhead would take a lock on the event loop per call.
        var breakers = context.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class).getAllCircuitBreakers();
        assertThat(breakers).isNotEmpty();
        assertThat(context.getBean(io.github.resilience4j.bulkhead.BulkheadRegistry.class).getAllBulkheads()).isNotEmpty();
        assertThat(context.getBeansOfType(io.github.resilience4j.consumer.EventConsumerRegistry.class).values())
                .isNotEmpty().allSatisfy(buffers -> assertThat(buffers.getAllEventConsumer()).isEmpty());
        String breaker = breakers.iterator().next().getName();
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics)
                        .contains("resilience4j_circuitbreaker_state{").contains("name=\"" + breaker + "\"")
                        .contains("resilience4j_bulkhead_max_allowed_concurrent_calls{"));
    }

    @Test
    void whenManagementPortThenProbesAndPrometheusAnswerWithoutCredentials() {
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
        management.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void whenTracingIsOffThenNoTracerRunsAndNoTraceparentIsForwarded() {
        // No DROPLINE_OTLP_ENDPOINT and a sampling ratio of 0 (the defaults): Spring Boot's tracing is not loaded at
        // all (TracingSwitch), so no request pays for spans nobody will see; Micrometer's no-op tracer stands in.
        assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
        assertThat(context.getBeanNamesForType(SdkTracerProvider.class)).isEmpty();
        byte[] body = client.get().uri("/api/v1/audiences/aud_1").header("Authorization", "Bearer " + tenant.liveSecret())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertThat(GatewayItSupport.echoedHeaders(body)).doesNotContainKeys("traceparent", "b3", "x-b3-traceid");
    }

    @Test
    void whenARequestIsRoutedThenItsAnswerIsWrittenByTheThreadThatReadIt() {
        // Warm: the key look-up, the limiter's connection and the routed connections of every event loop are open.
        for (int i = 0; i < 40; i++) {
            client.get().uri("/api/v1/experiences").header("Authorization", "Bearer " + tenant.liveSecret())
                    .exchange().expectStatus().isOk();
        }
        // The routed call goes out over the pool of the loop that read the request, so the service's answer arrives
        // on that loop and is written to the caller there, not handed over from another thread.
        ThreadProbe.assertEveryAnswerWrittenByItsReader(client, 200,
                request -> request.uri("/api/v1/experiences").header("Authorization", "Bearer " + tenant.liveSecret()));
    }
}
