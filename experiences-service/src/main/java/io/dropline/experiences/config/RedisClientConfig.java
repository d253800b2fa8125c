package io.dropline.experiences.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One Lettuce client (event loops, timeouts, reconnect policy) for the whole service. Each wing opens its own
 * connections from it (the queue engine in {@code access.line}, Spotlight in {@code spotlight}), so neither wing's
 * traffic shares a connection with the other's and a later split copies one small config class per wing.
 * Lettuce directly, not Spring's template: the Lua scripts return mixed arrays the template would have to guess
 * types for. Connecting happens once at start-up, on the main thread. While Redis is unreachable, commands fail at
 * once (the API answers 503) and Lettuce reconnects in the background with the process's shared client resources
 * (Spring Boot's, whose reconnect back-off shared-contracts caps), so the service works again within about a second
 * of Redis's return.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfig {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(ClientResources resources, @Value("${spring.data.redis.host}") String host,
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
}
