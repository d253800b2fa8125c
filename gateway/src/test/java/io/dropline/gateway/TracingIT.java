package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.gateway.OtlpReceiver.Span;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Traces leave over OTLP when an endpoint is set, and a request through the gateway and a service is one trace: the
 * gateway samples it (ratio 1), passes its W3C {@code traceparent} on to a real experiences-service process, which
 * follows the gateway's decision although its own ratio is 0, and both export their spans to a real OTLP/HTTP
 * receiver ({@link OtlpReceiver}). The service also writes its log as JSON ({@code DROPLINE_LOG_FORMAT=ecs}).
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static OtlpReceiver collector;
    static ServiceProcess experiences;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        collector = new OtlpReceiver();
        String namespace = TestInfra.freshRedisNamespace();
        experiences = ServiceProcess.start("experiences-service", TestInfra.freshDatabase("experiences"), namespace,
                TestInfra.redis(), List.of(
                        "--dropline.tracing.otlp-endpoint=" + collector.baseUrl(),
                        "--management.tracing.sampling.probability=0.0",
                        "--management.opentelemetry.tracing.export.schedule-delay=200ms",
                        "--logging.structured.format.console=ecs"));
        TestInfra.registerService(registry, "gateway", TestInfra.freshDatabase("gateway"), namespace);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> "experiences".equals(service) ? experiences.baseUrl() : echo));
        registry.add("management.server.port", () -> "0");
        registry.add("dropline.tracing.otlp-endpoint", collector::baseUrl);
        registry.add("management.tracing.sampling.probability", () -> "1.0");
        registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        experiences.close();
        collector.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;

    @BeforeAll
    void tenant() {
        shop = Tenants.create(context, "tracing-shop");
    }

    @Test
    void whenARequestGoesThroughTheGatewayToAServiceThenBothExportSpansOfOneTrace() {
        http.get().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Span> spans = collector.spans();
            Span served = spans.stream()
                    .filter(span -> "experiences-service".equals(span.service()) && span.kind() == Span.SERVER)
                    .findFirst().orElseThrow(() -> new AssertionError("no server span from experiences-service in " + spans));
            List<Span> gateway = spans.stream()
                    .filter(span -> "gateway".equals(span.service()) && span.traceId().equals(served.traceId())).toList();
            assertThat(gateway).as("the gateway's spans of trace %s in %s", served.traceId(), spans)
                    .anySatisfy(span -> {
                        assertThat(span.kind()).isEqualTo(Span.SERVER);
                        assertThat(span.parentSpanId()).isEmpty();
                    })
                    .extracting(Span::spanId).contains(served.parentSpanId());
        });
        assertThat(collector.paths()).allSatisfy(path -> assertThat(path).isEqualTo("/v1/traces"));
    }

    @Test
    void whenTheLogFormatIsEcsThenEveryLineIsOneJsonObjectNamingTheService() {
        List<String> lines = experiences.tail().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("=====") && !line.startsWith("WARNING:")
                        && !line.startsWith("OpenJDK"))
                .toList();

        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            JsonNode json = JSON.readTree(line);
            assertThat(json.at("/service/name").asString()).as(line).isEqualTo("experiences-service");
            assertThat(json.has("@timestamp")).as(line).isTrue();
        });
    }
}
