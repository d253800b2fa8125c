package io.dropline.contracts.testsupport;

import io.dropline.contracts.web.ActuatorMappingsLastAutoConfiguration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/** The checks every service's boot test makes, so that each service proves the same baseline. */
public final class ServiceBootChecks {

    private ServiceBootChecks() {
    }

    /** Readiness (which includes PostgreSQL and Redis) is UP, Prometheus metrics and the OpenAPI document are served. */
    public static void readyWithMetricsAndApiDocs(WebTestClient http) {
        http.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class)
                .value(body -> org.assertj.core.api.Assertions.assertThat(body).contains("jvm_memory_used_bytes"));
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.openapi").exists();
        apiDocsServedConcurrently(http);
    }

    /**
     * The service's own routes are looked up before the actuator's endpoints (ActuatorMappingsLastAutoConfiguration):
     * every handler mapping that serves the actuator comes after the functional routes and the annotated controllers.
     * The readiness, liveness and metrics checks above prove the actuator still answers.
     */
    public static void applicationRoutesBeforeActuator(DispatcherHandler dispatcher) {
        List<HandlerMapping> mappings = dispatcher.getHandlerMappings();
        org.assertj.core.api.Assertions.assertThat(mappings).isNotNull();
        int router = indexOf(mappings, RouterFunctionMapping.class);
        int annotated = indexOf(mappings, RequestMappingHandlerMapping.class);
        int firstActuator = IntStream.range(0, mappings.size())
                .filter(i -> ActuatorMappingsLastAutoConfiguration.isActuators(mappings.get(i))).min().orElseThrow();
        org.assertj.core.api.Assertions.assertThat(router).as("functional routes first").isLessThan(firstActuator);
        org.assertj.core.api.Assertions.assertThat(annotated).as("annotated controllers before the actuator")
                .isLessThan(firstActuator);
    }

    private static int indexOf(List<HandlerMapping> mappings, Class<?> type) {
        return IntStream.range(0, mappings.size()).filter(i -> type.isInstance(mappings.get(i))
                && !ActuatorMappingsLastAutoConfiguration.isActuators(mappings.get(i))).findFirst().orElseThrow();
    }

    /**
     * Many readers of the document at once: springdoc reads it under a lock, which must never make an event loop
     * wait (BlockHound would turn that into a 500).
     */
    private static void apiDocsServedConcurrently(WebTestClient http) {
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> statuses = IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> http.get().uri("/v3/api-docs").exchange()
                            // The body is read (expectBody) so each connection goes back to the client's pool.
                            .expectBody().returnResult().getStatus().value(), readers))
                    .toList();
            org.assertj.core.api.Assertions.assertThat(statuses).extracting(CompletableFuture::join).containsOnly(200);
        } finally {
            readers.shutdown();
        }
    }

    /** A request without the gateway's signed context is refused with 401 in the Fanfare format. */
    public static void rejectsCallsWithoutContext(WebTestClient http, String path) {
        http.get().uri(path).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("Authentication required");
        http.get().uri(path).header("X-Dropline-Context", "forged.context").exchange()
                .expectStatus().isUnauthorized();
    }
}
