package io.dropline.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the gateway's keys live in Redis.
 *
 * @param namespace prefix of every Redis key the gateway writes (default {@code dl}); tests use a fresh one each
 */
@ConfigurationProperties("dropline.redis")
public record RedisNamespaceProperties(@DefaultValue("dl") String namespace) {
}
