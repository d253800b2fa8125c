package io.dropline.gateway.redis;

import io.dropline.gateway.web.ServerEventLoops;
import io.dropline.gateway.web.ServerEventLoops.PerLoop;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Lettuce connections to Redis for the request path: one per server event loop, registered on that loop (and
 * reconnected there), so a command's reply comes back on the thread that serves the request, and one shared by
 * callers off the loops ({@link ServerEventLoops}, docs/adr/0028). Each connection is opened asynchronously on first
 * use, so no request thread waits for a connect; a failed connect is forgotten so that the next call connects afresh.
 *
 * <p>Command timeouts come from the options' {@code TimeoutOptions}; they run on a timer that ticks every 10 ms (Lettuce's
 * default ticks every 100 ms, which would stretch a 50 ms bound to 100–200 ms).
 */
public final class LoopRedisConnections {

    private static final Duration TIMER_TICK = Duration.ofMillis(10);

    private final PerLoop<Slot> slots;
    private final ClientResources resources;
    private final HashedWheelTimer timer;

    /**
     * @param name names the timer thread ({@code <name>-timer})
     */
    public LoopRedisConnections(String name, ServerEventLoops loops, ClientOptions options, RedisURI uri) {
        this.timer = new HashedWheelTimer(new DefaultThreadFactory(name + "-timer", true), TIMER_TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        this.resources = DefaultClientResources.builder().timer(timer).build();
        // A loop's client gets that one loop from Lettuce's event loop provider; timer and computation threads are
        // shared (mutate() keeps them, and shutting a mutated copy down leaves them running).
        this.slots = loops.perLoop(
                loop -> new Slot(resources.mutate().eventLoopGroupProvider(new OneLoopProvider(loop)).build(), options, uri),
                new Slot(resources, options, uri));
    }

    /** The caller's connection: at once when it is open, otherwise once it has opened, within {@code connectTimeout}. */
    public Mono<StatefulRedisConnection<String, String>> current(Duration connectTimeout) {
        Slot slot = slots.current();
        StatefulRedisConnection<String, String> open = slot.open;
        return open != null ? Mono.just(open) : slot.connect().timeout(connectTimeout);
    }

    public void close() {
        slots.all().forEach(slot -> slot.client.shutdown());
        resources.shutdown();
        timer.stop();
    }

    private static final class Slot {

        private final RedisClient client;
        private final RedisURI uri;
        private volatile Mono<StatefulRedisConnection<String, String>> connecting;
        /** The connection once it is open: calls then go straight to it. */
        private volatile StatefulRedisConnection<String, String> open;

        Slot(ClientResources resources, ClientOptions options, RedisURI uri) {
            this.client = RedisClient.create(resources);
            this.client.setOptions(options);
            this.uri = uri;
        }

        private Mono<StatefulRedisConnection<String, String>> connect() {
            Mono<StatefulRedisConnection<String, String>> current = connecting;
            if (current == null) {
                synchronized (this) {
                    if (connecting == null) {
                        connecting = Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri))
                                .doOnNext(connected -> open = connected)
                                .doOnError(failed -> connecting = null)
                                .cache();
                    }
                    current = connecting;
                }
            }
            return current;
        }
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
