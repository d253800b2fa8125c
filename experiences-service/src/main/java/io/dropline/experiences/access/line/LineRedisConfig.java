package io.dropline.experiences.access.line;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The queue engine's own Redis connections (the client is the service's, {@code config.RedisClientConfig}). One
 * shared connection multiplexes (and so pipelines) every concurrent engine command; pub/sub needs its own. The
 * engine injects them by name ({@code lineRedis}, {@code lineRedisPubSub}); Spotlight has its own connection.
 */
@Configuration(proxyBeanMethods = false)
class LineRedisConfig {

    /**
     * Primary, as before the wings had separate connections: the pub/sub connection is also a
     * StatefulRedisConnection, and an unqualified injection (the engine's tests) means this one. Spotlight always
     * names its own ({@code spotlightRedis}).
     */
    @Bean(destroyMethod = "close")
    @Primary
    StatefulRedisConnection<String, String> lineRedis(RedisClient redisClient) {
        return redisClient.connect(StringCodec.UTF8);
    }

    @Bean(destroyMethod = "close")
    StatefulRedisPubSubConnection<String, String> lineRedisPubSub(RedisClient redisClient) {
        return redisClient.connectPubSub(StringCodec.UTF8);
    }
}
