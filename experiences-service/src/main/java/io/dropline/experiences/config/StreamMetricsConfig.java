package io.dropline.experiences.config;

import io.dropline.contracts.web.OpenStreamsWebFilter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code dropline.sse.streams.open}: the status streams this instance holds (docs/observability.md). */
@Configuration(proxyBeanMethods = false)
class StreamMetricsConfig {

    @Bean
    OpenStreamsWebFilter openStreamsWebFilter(MeterRegistry registry) {
        return new OpenStreamsWebFilter(registry);
    }
}
