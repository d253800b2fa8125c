package io.dropline.experiences.spotlight;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spotlight's own Redis connection (user state, catalog generations), so that its traffic never queues behind the
 * queue engine's on one connection. The client is the service's ({@code config.RedisClientConfig}); Spotlight's
 * classes inject this connection by name ({@code spotlightRedis}).
 */
@Configuration(proxyBeanMethods = false)
class SpotlightRedisConfig {

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> spotlightRedis(RedisClient redisClient) {
        return redisClient.connect(StringCodec.UTF8);
    }
}
