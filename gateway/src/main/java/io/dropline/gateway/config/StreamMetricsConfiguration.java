package io.dropline.gateway.config;

import io.dropline.contracts.web.OpenStreamsWebFilter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code dropline.sse.streams.open}: the status streams this gateway proxies now (docs/observability.md). */
@Configuration(proxyBeanMethods = false)
class StreamMetricsConfiguration {

    @Bean
    OpenStreamsWebFilter openStreamsWebFilter(MeterRegistry registry) {
        return new OpenStreamsWebFilter(registry);
    }
}
