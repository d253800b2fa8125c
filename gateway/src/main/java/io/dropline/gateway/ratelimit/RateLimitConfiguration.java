package io.dropline.gateway.ratelimit;

import io.dropline.gateway.config.RateLimitProperties;
import io.dropline.gateway.config.RedisNamespaceProperties;
import io.dropline.gateway.web.ErrorResponses;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the limiter; it lives in its feature package because every piece of it is package-private. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "dropline.gateway.rate-limit", name = "enabled", havingValue = "true", matchIfMissing = true)
class RateLimitConfiguration {

    /** Bounds for the limiter's own Redis connection: fail within half a second, never queue while disconnected. */
    private static final Duration REDIS_BOUND = Duration.ofMillis(500);
    private static final Duration TIMER_TICK = Duration.ofMillis(10);

    @Bean(destroyMethod = "close")
    RedisTokenBuckets redisTokenBuckets(RateLimitProperties properties) {
        RedisURI uri = RedisURI.builder().withHost(properties.redisHost()).withPort(properties.redisPort())
                .withTimeout(REDIS_BOUND).build();
        // Each call is bounded by Lettuce's command timeout at the limiter's own timeout. Lettuce's default timer
        // ticks every 100 ms, so a 50 ms bound would end after 100 to 200 ms; this one ticks every 10 ms.
        HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("rate-limit-timer", true),
                TIMER_TICK.toMillis(), TimeUnit.MILLISECONDS);
        ClientResources resources = DefaultClientResources.builder().timer(timer).build();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(REDIS_BOUND).build())
                .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
                .build());
        Runnable closeResources = () -> {
            resources.shutdown();
            timer.stop();
        };
        return new RedisTokenBuckets(client, closeResources, uri, properties.redisTimeout());
    }

    @Bean
    RateLimitWebFilter rateLimitWebFilter(RateLimitProperties properties, RedisNamespaceProperties redis,
            RedisTokenBuckets buckets, ErrorResponses errors, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        FallbackMeters meters = new FallbackMeters(registry);
        RedisSwitch redisSwitch = new RedisSwitch(clock, properties.skipRedisAfterFailure(), meters);
        meters.watch(redisSwitch::healthy);
        TokenLeases leases = new TokenLeases(properties.leaseShare(), properties.leaseRefill());
        RateLimiter limiter = new RateLimiter(buckets, leases, new LocalTokenBuckets(clock), redisSwitch, meters);
        return new RateLimitWebFilter(new RateLimitPlanner(properties, redis.namespace()), limiter, errors);
    }
}
