package io.dropline.gateway.routing;

import io.dropline.contracts.telemetry.TracingSwitch;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Spring Cloud Gateway observes every routed call ({@code ObservedRequestHttpHeadersFilter}): the client span whose
 * {@code traceparent} reaches the service, and as a side effect a timer nobody reads (the dashboards and alerts use
 * {@code http_server_requests}, which stays). With tracing off ({@link TracingSwitch}: no endpoint, ratio 0) there is
 * no span to make, so the filter is given the no-op registry: the per-request observation (context, key values,
 * timer sample, handler calls) is not made at all. With tracing on, Spring Cloud Gateway's own filter stands.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(UntracedProxyConfiguration.TracingOff.class)
class UntracedProxyConfiguration {

    @Bean
    ObservedRequestHttpHeadersFilter observedRequestHttpHeadersFilter() {
        return new ObservedRequestHttpHeadersFilter(ObservationRegistry.NOOP);
    }

    /** {@link TracingSwitch#enabled} is false. */
    static final class TracingOff implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !TracingSwitch.enabled(context.getEnvironment());
        }
    }
}
