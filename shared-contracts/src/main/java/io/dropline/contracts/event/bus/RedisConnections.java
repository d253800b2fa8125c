package io.dropline.contracts.event.bus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Connection set-up that must not happen on an event loop. */
final class RedisConnections {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    private RedisConnections() {
    }

    /**
     * Opens the shared Lettuce connection now, on the starting thread. Spring Data Redis connects lazily, and
     * lazily means blocking on whichever thread first asks: here that would be a Reactor timer thread. If Redis is
     * down at start, the polls connect later (and log) instead of failing the start.
     */
    static void warmUp(ReactiveStringRedisTemplate redis) {
        try {
            redis.getConnectionFactory().getReactiveConnection().close();
        } catch (RuntimeException unavailable) {
            log.warn("Redis unavailable at start; the event bus connects when it is back: {}", unavailable.toString());
        }
    }
}
