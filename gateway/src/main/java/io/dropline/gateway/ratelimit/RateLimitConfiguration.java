package io.dropline.gateway.ratelimit;

import io.dropline.gateway.config.RateLimitProperties;
import io.dropline.gateway.config.RedisNamespaceProperties;
import io.dropline.gateway.web.ErrorResponses;
import io.dropline.gateway.web.ServerEventLoops;
import io.dropline.gateway.web.ServerEventLoops.PerLoop;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
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
    RedisTokenBuckets redisTokenBuckets(RateLimitProperties properties, ServerEventLoops loops) {
        RedisURI uri = RedisURI.builder().withHost(properties.redisHost()).withPort(properties.redisPort())
                .withTimeout(REDIS_BOUND).build();
        // Each call is bounded by Lettuce's command timeout at the limiter's own timeout. Lettuce's default timer
        // ticks every 100 ms, so a 50 ms bound would end after 100 to 200 ms; this one ticks every 10 ms.
        HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("rate-limit-timer", true),
                TIMER_TICK.toMillis(), TimeUnit.MILLISECONDS);
        ClientResources resources = DefaultClientResources.builder().timer(timer).build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(REDIS_BOUND).build())
                .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
                .build();
        // Each server event loop gets a client whose connection is registered on that loop (and is reconnected there):
        // its replies arrive on the thread serving the request. Callers off the loops share a client of their own.
        PerLoop<RedisTokenBuckets.Connection> connections = loops.perLoop(
                loop -> connection(resources.mutate().eventLoopGroupProvider(new OneLoopProvider(loop)).build(), options, uri),
                connection(resources, options, uri));
        Runnable closeResources = () -> {
            resources.shutdown();
            timer.stop();
        };
        return new RedisTokenBuckets(connections, closeResources, properties.redisTimeout());
    }

    private static RedisTokenBuckets.Connection connection(ClientResources resources, ClientOptions options, RedisURI uri) {
        RedisClient client = RedisClient.create(resources);
        client.setOptions(options);
        return new RedisTokenBuckets.Connection(client, uri);
    }

    @Bean
    RateLimitWebFilter rateLimitWebFilter(RateLimitProperties properties, RedisNamespaceProperties redis,
            RedisTokenBuckets buckets, ErrorResponses errors, MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        FallbackMeters meters = new FallbackMeters(registry);
        RedisSwitch redisSwitch = new RedisSwitch(clock, properties.skipRedisAfterFailure(), meters);
        meters.watch(redisSwitch::healthy);
        RateLimiter limiter = new RateLimiter(buckets, new LocalTokenBuckets(clock), redisSwitch, meters);
        return new RateLimitWebFilter(new RateLimitPlanner(properties, redis.namespace()), limiter, errors);
    }

    /** Lettuce's event loops for one client: just one of the server's, which this provider never shuts down. */
    private record OneLoopProvider(EventLoop loop) implements EventLoopGroupProvider {

        @Override
        @SuppressWarnings("unchecked")
        public <T extends EventLoopGroup> T allocate(Class<T> type) {
            return (T) loop;
        }

        @Override
        public int threadPoolSize() {
            return 1;
        }

        @Override
        public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }

        @Override
        public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
    }
}
