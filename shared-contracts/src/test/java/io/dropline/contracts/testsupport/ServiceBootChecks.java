package io.dropline.contracts.testsupport;

import org.springframework.test.web.reactive.server.WebTestClient;

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
