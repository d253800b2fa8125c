package io.dropline.gateway.routing;

import io.dropline.gateway.config.GatewayProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.time.Duration;

/**
 * One named breaker per downstream route (the {@code name} in each route's CircuitBreaker filter), configured here
 * explicitly rather than left to Resilience4j's defaults.
 *
 * <p>No time limiter ({@code spring.cloud.circuitbreaker.resilience4j.disable-time-limiter}): the per-route
 * {@code response-timeout} metadata bounds the wait for an answer's headers, and the shared HTTP client's read timeout
 * ({@link #upstreamReadTimeout}) bounds any silence after them. The time limiter was a third timer per request,
 * scheduled on Reactor's shared parallel scheduler (a locked queue every event loop contends for) and named by walking
 * the operator chain: about 5 % of the gateway's CPU under the trivial request (issue 16, Flight Recorder profile)
 * for a bound the other two already give.
 *
 * <p>Spring Cloud CircuitBreaker also wraps every route in a Resilience4j bulkhead whose library default is 25
 * concurrent calls: the 26th concurrent request of a burst failed, counted against the breaker and opened it. The
 * bulkhead is configured here too, as a generous per-downstream bound that still keeps one stuck service from
 * holding every connection of the gateway.
 *
 * <p>The two registries are made here, not by Resilience4j's Spring Boot auto-configuration: that one subscribes a
 * buffer of the last 100 events (for an events endpoint the gateway does not expose) to every breaker and bulkhead,
 * so every routed call published a breaker event and two bulkhead events into buffers guarded by a StampedLock, and
 * event loops contending for it parked (BlockHound caught it in ScaledMeshEndToEndIT: a join answered 503). The
 * registries keep the registry consumers the auto-configuration composes (the Micrometer publishers behind
 * {@code resilience4j_circuitbreaker_state} and the bulkhead meters).
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerConfiguration {

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(RegistryEventConsumer<CircuitBreaker> meters) {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults(), meters);
    }

    @Bean
    BulkheadRegistry bulkheadRegistry(RegistryEventConsumer<Bulkhead> meters) {
        return BulkheadRegistry.of(BulkheadConfig.ofDefaults(), meters);
    }

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
                .build());
    }

    /**
     * Reactor Netty's response timeout on the client every route shares: a read timeout kept on the connection's own
     * event loop, reset by every read, so a stalled answer is cut without a timer per request.
     */
    @Bean
    HttpClientCustomizer upstreamReadTimeout(GatewayProperties properties) {
        return client -> client.responseTimeout(properties.breaker().readTimeout());
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
