package io.dropline.gateway.auth;

import io.dropline.gateway.redis.LoopRedisConnections;
import io.lettuce.core.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Reads the session-revocation cache in Redis, over connections of its own, one per server event loop
 * ({@link LoopRedisConnections}): the reply arrives on the thread serving the request, which goes on there to the
 * limiter and the routed call (docs/adr/0028). Over Spring's one shared connection every consumer-token request was
 * handed to Lettuce's thread and back.
 *
 * <p>Every read ends within {@code timeout}: Lettuce's command timeout on the open connection, a Reactor timeout only
 * while it opens. While Redis is disconnected a read fails at once (nothing is queued), and the caller asks
 * consumer-service instead ({@link JwksConsumerTokenVerifier}).
 */
class RevocationCacheReads {

    private final LoopRedisConnections connections;
    private final Duration timeout;

    RevocationCacheReads(LoopRedisConnections connections, Duration timeout) {
        this.connections = connections;
        this.timeout = timeout;
    }

    /** {@code MGET} of the keys: one value per key, {@code null} where absent. */
    Mono<List<String>> get(List<String> keys) {
        return connections.current(timeout)
                .flatMap(open -> open.reactive().mget(keys.toArray(String[]::new)).collectList())
                .map(RevocationCacheReads::values);
    }

    private static List<String> values(List<KeyValue<String, String>> found) {
        List<String> values = new ArrayList<>(found.size());
        for (KeyValue<String, String> value : found) {
            values.add(value.getValueOrElse(null));
        }
        return values;
    }

    void close() {
        connections.close();
    }
}
