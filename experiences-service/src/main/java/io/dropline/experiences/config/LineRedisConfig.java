package io.dropline.experiences.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The queue engine talks to Redis through Lettuce directly: its Lua scripts return mixed arrays that Spring's
 * template would have to guess types for. One shared connection multiplexes (and so pipelines) every
 * concurrent command; pub/sub needs its own. Connecting happens once at start-up, on the main thread.
 * While Redis is unreachable, commands fail at once (the API answers 503) and Lettuce reconnects in the background
 * with the process's shared client resources (Spring Boot's, whose reconnect back-off shared-contracts caps), so
 * the engine works again within about a second of Redis's return.
 */
@Configuration(proxyBeanMethods = false)
class LineRedisConfig {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    @Bean(destroyMethod = "shutdown")
    RedisClient lineRedisClient(ClientResources resources, @Value("${spring.data.redis.host}") String host,
            @Value("${spring.data.redis.port}") int port,
            @Value("${spring.data.redis.timeout:500ms}") Duration timeout) {
        // Commands time out after `timeout`; connecting (and its handshake) gets more slack, since it happens
        // once, at start-up or on reconnect, possibly while the machine is busy.
        Duration connect = timeout.compareTo(CONNECT_TIMEOUT) > 0 ? timeout : CONNECT_TIMEOUT;
        // Shared resources: shutting this client down leaves them to Spring Boot, which owns them.
        RedisClient client = RedisClient.create(resources, RedisURI.builder().withHost(host).withPort(port).withTimeout(connect).build());
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(connect).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                // Fail commands at once while disconnected instead of queueing them behind an outage.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    /** Primary: the pub/sub connection is also a StatefulRedisConnection, but commands go through this one. */
    @Bean(destroyMethod = "close")
    @Primary
    StatefulRedisConnection<String, String> lineRedis(RedisClient lineRedisClient) {
        return lineRedisClient.connect(StringCodec.UTF8);
    }

    @Bean(destroyMethod = "close")
    StatefulRedisPubSubConnection<String, String> lineRedisPubSub(RedisClient lineRedisClient) {
        return lineRedisClient.connectPubSub(StringCodec.UTF8);
    }
}
