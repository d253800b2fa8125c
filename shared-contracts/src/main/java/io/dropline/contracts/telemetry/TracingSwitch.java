package io.dropline.contracts.telemetry;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether this process traces at all. Tracing costs on every request even when nothing is sampled: an observation
 * handler opens a (non-recording) span and scope per request and per routed call, and Reactor restores thread
 * locals on every operator so the span reaches the logs (issue 16 measured about a third of the gateway's CPU there).
 * So when no span could leave the process (no OTLP endpoint) and none would be sampled (ratio 0), Spring Boot's
 * tracing auto-configurations are not loaded at all: Micrometer's no-op tracer stands in, nothing propagates a
 * {@code traceparent}, and metrics (which share the observations) are unchanged.
 *
 * <p>Tracing is on when {@code dropline.tracing.enabled} says so, or, when that is unset, when an OTLP endpoint is set
 * ({@code dropline.tracing.otlp-endpoint}, i.e. {@code DROPLINE_OTLP_ENDPOINT}, or Spring Boot's own
 * {@code management.opentelemetry.tracing.export.otlp.endpoint}) or the sampling ratio
 * ({@code management.tracing.sampling.probability}, i.e. {@code DROPLINE_TRACE_SAMPLING}) is above 0.
 *
 * <p>An {@link AutoConfigurationImportFilter} (registered in {@code META-INF/spring.factories}) because the decision
 * is about Spring Boot's auto-configurations, and it reads the environment when they are imported, after every
 * property source (tests' dynamic properties included) is in place.
 */
public final class TracingSwitch implements AutoConfigurationImportFilter, EnvironmentAware {

    /** What tracing consists of; metrics, the OpenTelemetry SDK itself and the no-op tracer stay. */
    static final Set<String> TRACING_AUTO_CONFIGURATIONS = Set.of(
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.otlp.OtlpExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration",
            // An observation per Redis command, for its span (about 4 % of experiences-service's samples under status
            // reads, issue 16); its lettuce.* timers feed no dashboard or alert.
            "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

    static final String ENABLED = "dropline.tracing.enabled";
    static final String ENDPOINT = "dropline.tracing.otlp-endpoint";
    static final String BOOT_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String SAMPLING = "management.tracing.sampling.probability";

    /** Spring Boot's own default ratio, for a process that does not set one. */
    private static final double BOOT_DEFAULT_SAMPLING = 0.1;

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
        boolean tracing = environment == null || enabled(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = tracing || candidate == null || !TRACING_AUTO_CONFIGURATIONS.contains(candidate);
        }
        return matches;
    }

    /** Whether {@code environment} asks for tracing (see the class comment). */
    public static boolean enabled(Environment environment) {
        Boolean explicit = environment.getProperty(ENABLED, Boolean.class);
        if (explicit != null) {
            return explicit;
        }
        return StringUtils.hasText(environment.getProperty(ENDPOINT))
                || StringUtils.hasText(environment.getProperty(BOOT_ENDPOINT))
                || environment.getProperty(SAMPLING, Double.class, BOOT_DEFAULT_SAMPLING) > 0.0;
    }

    /** {@link TracingSwitch#enabled(Environment)} as a condition. */
    static final class On implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context.getEnvironment());
        }
    }

    /** An OTLP endpoint of Dropline's own setting is configured. */
    static final class EndpointSet implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty(ENDPOINT));
        }
    }
}
