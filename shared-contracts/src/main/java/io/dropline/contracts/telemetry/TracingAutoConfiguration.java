package io.dropline.contracts.telemetry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.Transport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Hooks;

/**
 * What a process that traces adds to Spring Boot's tracing (it loads only when {@link TracingSwitch} is on): the OTLP
 * endpoint from {@code DROPLINE_OTLP_ENDPOINT}, and Reactor's automatic context propagation.
 *
 * <p>Automatic propagation restores the current span (and with it the {@code traceId}/{@code spanId} of the MDC) on
 * every operator, so every line a traced request logs, the libraries' included, carries its trace id. It costs on
 * every operator of every request, which is why {@code spring.reactor.context-propagation} is {@code limited} in the
 * shared settings and turned on here only when there is a trace to carry. The request id and organization reach the
 * lines Dropline writes without it ({@link io.dropline.contracts.web.RequestLog}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration")
@Conditional(TracingSwitch.On.class)
public class TracingAutoConfiguration {

    TracingAutoConfiguration() {
        Hooks.enableAutomaticContextPropagation();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingConnectionDetails")
    @Conditional(TracingSwitch.EndpointSet.class)
    static class OtlpEndpoint {

        /**
         * {@code DROPLINE_OTLP_ENDPOINT} is the collector's base URL, as OpenTelemetry's own
         * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is: spans go to {@code <base>/v1/traces} over HTTP (a URL that already
         * ends so is taken as it is). Spring Boot's exporter uses it; its own endpoint property, when set, yields.
         */
        @Bean
        @ConditionalOnMissingBean(OtlpTracingConnectionDetails.class)
        OtlpTracingConnectionDetails droplineOtlpTracingConnectionDetails(Environment environment) {
            String base = environment.getProperty(TracingSwitch.ENDPOINT, "").trim();
            return transport -> transport == Transport.GRPC ? base : tracesUrl(base);
        }
    }

    static String tracesUrl(String base) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return trimmed.endsWith("/v1/traces") ? trimmed : trimmed + "/v1/traces";
    }
}
