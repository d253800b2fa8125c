package io.dropline.gateway.ratelimit;

import io.dropline.contracts.redis.LuaScript;
import io.dropline.gateway.redis.LoopRedisConnections;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The shared buckets in Redis: one EVALSHA per request (EVAL once after a Redis restart flushed the script cache).
 * It owns dedicated Lettuce connections, so a dead or hanging Redis can be dropped and retried on the limiter's own
 * terms: one per event loop of the server ({@link LoopRedisConnections}), so that a request's decision comes back on
 * the thread that serves the request and the rest of the request (routing, the proxied call, the answer) goes on
 * there without being handed to another thread (issue 16: with one connection, everything after the limiter ran on
 * Lettuce's own thread, 14 % of the gateway's samples, and crossed threads twice more).
 *
 * <p>Every call ends within {@code callTimeout}: on the open connection Lettuce's own command timeout bounds it
 * ({@link RateLimitConfiguration}), and only a call that has to wait for the connection gets a Reactor timeout. A
 * Reactor timeout on every call was a timer on the shared parallel scheduler per request, and naming it walked the
 * operator chain (issue 16: about 2.5 % of the gateway's CPU on the trivial request).
 */
class RedisTokenBuckets {

    private final LoopRedisConnections connections;
    private final Duration callTimeout;
    private final LuaScript script;

    RedisTokenBuckets(LoopRedisConnections connections, Duration callTimeout) {
        this.connections = connections;
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
        return connections.current(callTimeout)
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
        connections.close();
    }
}
