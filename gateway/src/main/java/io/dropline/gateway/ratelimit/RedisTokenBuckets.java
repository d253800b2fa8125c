package io.dropline.gateway.ratelimit;

import io.dropline.contracts.redis.LuaScript;
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
 * It owns a dedicated Lettuce connection, opened asynchronously, so no request thread ever waits for a connect and
 * a dead or hanging Redis can be dropped and retried on the limiter's own terms.
 *
 * <p>Every call ends within {@code callTimeout}: on the open connection Lettuce's own command timeout bounds it
 * ({@link RateLimitConfiguration}), and only a call that has to wait for the connection gets a Reactor timeout. A
 * Reactor timeout on every call was a timer on the shared parallel scheduler per request, and naming it walked the
 * operator chain (issue 16: about 2.5 % of the gateway's CPU on the trivial request).
 */
class RedisTokenBuckets {

    private final RedisClient client;
    private final Runnable closeResources;
    private final RedisURI uri;
    private final Duration callTimeout;
    private final LuaScript script;
    private volatile Mono<StatefulRedisConnection<String, String>> connection;
    /** The connection once it is open: calls then go straight to it. */
    private volatile StatefulRedisConnection<String, String> open;

    RedisTokenBuckets(RedisClient client, Runnable closeResources, RedisURI uri, Duration callTimeout) {
        this.client = client;
        this.closeResources = closeResources;
        this.uri = uri;
        this.callTimeout = callTimeout;
        this.script = LuaScript.load("ratelimit/token_bucket.lua");
    }

    /**
     * Charges the buckets in one script call. {@code needed} holds a pair per bucket: whether the request needs a
     * token of it (1) or not (0), and how many tokens it takes (as many as the bucket holds, up to that) when every
     * needed bucket holds one. The answer is laid out as the script returns it ({@code token_bucket.lua}).
     */
    Mono<long[]> take(List<Bucket> buckets, int[] needed) {
        String[] keys = new String[buckets.size()];
        String[] args = new String[buckets.size() * 4];
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            keys[i] = bucket.key();
            args[4 * i] = Integer.toString(bucket.capacity());
            args[4 * i + 1] = Double.toString(bucket.ratePerSecond());
            args[4 * i + 2] = Integer.toString(needed[2 * i]);
            args[4 * i + 3] = Integer.toString(needed[2 * i + 1]);
        }
        StatefulRedisConnection<String, String> ready = open;
        Mono<StatefulRedisConnection<String, String>> connected = ready != null ? Mono.just(ready)
                : connection().timeout(callTimeout);
        return connected.flatMap(connection -> run(connection, keys, args));
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

    /** The shared connection; a failed connect is forgotten so that the next trial call connects afresh. */
    private Mono<StatefulRedisConnection<String, String>> connection() {
        Mono<StatefulRedisConnection<String, String>> current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri))
                            .doOnNext(connected -> open = connected)
                            .doOnError(failed -> connection = null)
                            .cache();
                }
                current = connection;
            }
        }
        return current;
    }

    void close() {
        client.shutdown();
        closeResources.run();
    }
}
