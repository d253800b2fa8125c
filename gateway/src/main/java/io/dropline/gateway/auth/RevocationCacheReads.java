package io.dropline.gateway.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads the session-revocation cache in Redis over one reactive connection kept for the gateway's life, taken from
 * Spring's connection factory once (on the main thread at start-up, see {@link AuthConfiguration}).
 *
 * <p>A {@code ReactiveStringRedisTemplate} asks the factory for its shared connection on every command, under a
 * ReentrantLock: event loops contending for it parked (BlockHound caught it in ScaledMeshEndToEndIT). The connection
 * held here wraps the factory's one native connection, which Lettuce reconnects by itself.
 * When Redis could not be reached at start-up, the connection is taken on first use off the event loop.
 */
class RevocationCacheReads {

    private final ReactiveRedisConnectionFactory factory;
    private volatile ReactiveRedisConnection connection;

    RevocationCacheReads(ReactiveRedisConnectionFactory factory) {
        this.factory = factory;
    }

    /** Takes the connection now; called where blocking is allowed. */
    void connect() {
        if (connection == null) {
            connection = factory.getReactiveConnection();
        }
    }

    /** {@code MGET} of the keys: one value per key, {@code null} where absent. */
    Mono<List<String>> get(List<String> keys) {
        ReactiveRedisConnection ready = connection;
        Mono<ReactiveRedisConnection> connected = ready != null ? Mono.just(ready)
                : Mono.fromCallable(() -> {
                    connect();
                    return connection;
                }).subscribeOn(Schedulers.boundedElastic());
        List<ByteBuffer> encoded = keys.stream().map(key -> ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8))).toList();
        return connected.flatMap(open -> open.stringCommands().mGet(encoded))
                .map(RevocationCacheReads::decoded);
    }

    private static List<String> decoded(List<ByteBuffer> values) {
        List<String> decoded = new ArrayList<>(values.size());
        for (ByteBuffer value : values) {
            decoded.add(value == null ? null : StandardCharsets.UTF_8.decode(value).toString());
        }
        return decoded;
    }
}
