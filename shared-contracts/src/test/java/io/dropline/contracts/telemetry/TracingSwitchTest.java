package io.dropline.contracts.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class TracingSwitchTest {

    private static final String TRACER = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration";
    private static final String HANDLERS = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration";
    private static final String METRICS = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration";
    private static final String NOOP = "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration";

    @Test
    void whenNoEndpointAndNoSamplingThenTracingIsLeftOutAndTheRestStays() {
        MockEnvironment environment = new MockEnvironment().withProperty(TracingSwitch.SAMPLING, "0.0")
                .withProperty(TracingSwitch.ENDPOINT, "");

        assertThat(match(environment, TRACER, HANDLERS, METRICS, NOOP, null)).containsExactly(false, false, true, true, true);
    }

    @Test
    void whenAnEndpointIsSetThenTracingLoadsEvenWithoutSampling() {
        MockEnvironment environment = new MockEnvironment().withProperty(TracingSwitch.SAMPLING, "0.0")
                .withProperty(TracingSwitch.ENDPOINT, "http://collector:4318");

        assertThat(match(environment, TRACER, HANDLERS, METRICS)).containsExactly(true, true, true);
    }

    @Test
    void whenSpringBootsOwnEndpointIsSetThenTracingLoads() {
        MockEnvironment environment = new MockEnvironment().withProperty(TracingSwitch.SAMPLING, "0.0")
                .withProperty(TracingSwitch.BOOT_ENDPOINT, "http://collector:4318/v1/traces");

        assertThat(TracingSwitch.enabled(environment)).isTrue();
    }

    @Test
    void whenSamplingIsAboveZeroThenTracingLoadsForTheLogsWithoutAnEndpoint() {
        assertThat(TracingSwitch.enabled(new MockEnvironment().withProperty(TracingSwitch.SAMPLING, "0.05"))).isTrue();
    }

    @Test
    void whenNothingIsSetThenSpringBootsDefaultRatioCounts() {
        assertThat(TracingSwitch.enabled(new MockEnvironment())).isTrue();
    }

    @Test
    void whenExplicitlySetThenThatWins() {
        MockEnvironment off = new MockEnvironment().withProperty(TracingSwitch.SAMPLING, "1.0")
                .withProperty(TracingSwitch.ENABLED, "false");
        MockEnvironment on = new MockEnvironment().withProperty(TracingSwitch.SAMPLING, "0.0")
                .withProperty(TracingSwitch.ENABLED, "true");

        assertThat(TracingSwitch.enabled(off)).isFalse();
        assertThat(TracingSwitch.enabled(on)).isTrue();
    }

    @Test
    void whenTheEndpointIsABaseUrlThenSpansGoToItsTracesPath() {
        assertThat(TracingAutoConfiguration.tracesUrl("http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TracingAutoConfiguration.tracesUrl("http://collector:4318/")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TracingAutoConfiguration.tracesUrl("http://collector:4318/v1/traces")).isEqualTo("http://collector:4318/v1/traces");
    }

    private static Boolean[] match(MockEnvironment environment, String... classes) {
        TracingSwitch filter = new TracingSwitch();
        filter.setEnvironment(environment);
        boolean[] matches = filter.match(classes, null);
        Boolean[] boxed = new Boolean[matches.length];
        Arrays.setAll(boxed, i -> matches[i]);
        return boxed;
    }
}
