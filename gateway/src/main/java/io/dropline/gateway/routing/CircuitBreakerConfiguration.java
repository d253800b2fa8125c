package io.dropline.gateway.routing;

import io.dropline.gateway.config.GatewayProperties;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.time.Duration;

/**
 * One named breaker per downstream route (the {@code name} in each route's CircuitBreaker filter), configured here
 * explicitly: Resilience4j's defaults include a 1 s time limit that would cut legitimate slow calls and streams.
 * The per-route {@code response-timeout} metadata is the real per-call bound; the time limit here is only an
 * outer guard.
 *
 * <p>Spring Cloud CircuitBreaker also wraps every route in a Resilience4j bulkhead whose library default is 25
 * concurrent calls: the 26th concurrent request of a burst failed, counted against the breaker and opened it. The
 * bulkhead is configured here too, as a generous per-downstream bound that still keeps one stuck service from
 * holding every connection of the gateway.
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerConfiguration {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> downstreamBreakers(GatewayProperties properties) {
        GatewayProperties.Breaker breaker = properties.breaker();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        // Every call records into the window on an event loop; the default (SYNCHRONIZED) takes a
                        // ReentrantLock there, which parks event loops under contention (BlockHound caught it with two
                        // instances per service under load). Lock-free since Resilience4j 2.3 (resilience4j#2151).
                        .slidingWindowSynchronizationStrategy(CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                        .slidingWindowSize(breaker.slidingWindowSize())
                        .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                        .failureRateThreshold(breaker.failureRateThreshold())
                        .waitDurationInOpenState(breaker.waitDurationInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(3)
                        .build())
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(breaker.timeLimit()).build())
                .build());
    }

    @Bean
    Customizer<ReactiveResilience4jBulkheadProvider> downstreamBulkheads(GatewayProperties properties) {
        return provider -> provider.configureDefault(id -> new Resilience4jBulkheadConfigurationBuilder()
                .bulkheadConfig(BulkheadConfig.custom()
                        .maxConcurrentCalls(properties.breaker().maxConcurrentCalls())
                        .maxWaitDuration(Duration.ZERO)
                        .build())
                .build());
    }
}
