package io.dropline.gateway.ratelimit;

import io.dropline.contracts.redis.LuaScript;
import io.dropline.gateway.web.ServerEventLoops;
import io.dropline.gateway.web.ServerEventLoops.PerLoop;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The shared buckets in Redis: one EVALSHA per request (EVAL once after a Redis restart flushed the script cache).
 * It owns dedicated Lettuce connections, so a dead or hanging Redis can be dropped and retried on the limiter's own
 * terms: one per event loop of the server, registered on that loop, so that a request's decision comes back on the
 * thread that serves the request and the rest of the request (routing, the proxied call, the answer) goes on there
 * without being handed to another thread (issue 16: with one connection, everything after the limiter ran on
 * Lettuce's own thread, 14 % of the gateway's samples, and crossed threads twice more).
 *
 * <p>Every call ends within {@code callTimeout}: on the open connection Lettuce's own command timeout bounds it
 * ({@link RateLimitConfiguration}), and only a call that has to wait for the connection gets a Reactor timeout. A
 * Reactor timeout on every call was a timer on the shared parallel scheduler per request, and naming it walked the
 * operator chain (issue 16: about 2.5 % of the gateway's CPU on the trivial request).
 */
class RedisTokenBuckets {

    private final PerLoop<Connection> connections;
    private final Runnable closeResources;
    private final Duration callTimeout;
    private final LuaScript script;

    /**
     * @param connections the connection of each server event loop ({@link ServerEventLoops}), whose replies arrive on
     *     that loop, and a shared one for callers off the loops
     */
    RedisTokenBuckets(PerLoop<Connection> connections, Runnable closeResources, Duration callTimeout) {
        this.connections = connections;
        this.closeResources = closeResources;
        this.callTimeout = callTimeout;
        this.script = LuaScript.load("ratelimit/token_bucket.lua");
    }

    Mono<Decision> take(List<Bucket> buckets) {
        String[] keys = buckets.stream().map(Bucket::key).toArray(String[]::new);
        String[] args = new String[buckets.size() * 2];
        for (int i = 0; i < buckets.size(); i++) {
            args[2 * i] = Integer.toString(buckets.get(i).capacity());
            args[2 * i + 1] = Double.toString(buckets.get(i).ratePerSecond());
        }
        Connection connection = connections.current();
        StatefulRedisConnection<String, String> ready = connection.open;
        Mono<StatefulRedisConnection<String, String>> connected = ready != null ? Mono.just(ready)
                : connection.connect().timeout(callTimeout);
        return connected
                .flatMap(open -> run(open, keys, args))
                .map(raw -> Decision.from(buckets, raw));
    }

    private Mono<long[]> run(StatefulRedisConnection<String, String> open, String[] keys, String[] args) {
        return script.<Object>run(open.reactive(), ScriptOutputType.MULTI, keys, args)
                .collectList()
                .map(RedisTokenBuckets::toLongs);
    }

    private static long[] toLongs(List<Object> values) {
        List<?> flat = values.size() == 1 && values.get(0) instanceof List<?> nested ? nested : values;
        long[] raw = new long[flat.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = ((Number) flat.get(i)).longValue();
        }
        return raw;
    }

    void close() {
        connections.all().forEach(connection -> connection.client.shutdown());
        closeResources.run();
    }

    /**
     * One client and its connection, opened asynchronously on first use, so no request thread ever waits for a
     * connect; a failed connect is forgotten so that the next trial call connects afresh.
     */
    static final class Connection {

        private final RedisClient client;
        private final RedisURI uri;
        private volatile Mono<StatefulRedisConnection<String, String>> connecting;
        /** The connection once it is open: calls then go straight to it. */
        private volatile StatefulRedisConnection<String, String> open;

        Connection(RedisClient client, RedisURI uri) {
            this.client = client;
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
}
