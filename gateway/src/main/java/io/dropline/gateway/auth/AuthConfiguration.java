package io.dropline.gateway.auth;

import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.adminuser.AdminUserService;
import io.dropline.gateway.config.ConsumerTokenProperties;
import io.dropline.gateway.balancing.BalancedClients;
import io.dropline.gateway.config.RedisNamespaceProperties;
import io.dropline.gateway.config.SpotlightProperties;
import io.dropline.gateway.redis.LoopRedisConnections;
import io.dropline.gateway.spotlight.SpotlightConfigService;
import io.dropline.gateway.web.ServerEventLoops;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Token verifiers. Consumer access tokens: ES256 JWTs verified against consumer-service's JWKS
 * ({@code dropline.gateway.consumer-tokens.enabled=false} rejects them all instead). Spotlight admin JWTs: verified
 * against the tenant's JWKS, then its admin strategy ({@link SpotlightTokenVerifier}).
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    /** consumer-service must at least accept the connection this fast; the whole fetch is bounded by jwksTimeout. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    @Bean
    @ConditionalOnProperty(prefix = "dropline.gateway.consumer-tokens", name = "enabled", havingValue = "true", matchIfMissing = true)
    ConsumerTokenVerifier jwksConsumerTokenVerifier(BalancedClients clients, ConsumerTokenProperties properties,
            InternalContextCodec codec, RevocationCacheReads redis, RedisNamespaceProperties namespace) {
        // Balanced over consumer-service's instances: they share one database, so any of them has every key and session.
        WebClient client = clients.client("consumer", CONNECT_TIMEOUT, properties.jwksTimeout());
        Clock clock = Clock.systemUTC();
        ConsumerJwks jwks = new ConsumerJwks(client, codec, properties.jwksCacheTtl(), properties.jwksRefetchInterval(),
                properties.jwksTimeout());
        ConsumerSessions sessions = new ConsumerSessions(client, codec, properties.revocationLookupTimeout());
        return new JwksConsumerTokenVerifier(jwks, redis, namespace.namespace(), properties.clockSkew(), sessions, clock,
                properties.verifiedTokens());
    }

    /**
     * The revocation cache's connections (one per server event loop), from Spring's Redis settings: commands time out
     * at the revocation bound, and fail at once while Redis is disconnected, so consumer-service is asked instead.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "dropline.gateway.consumer-tokens", name = "enabled", havingValue = "true", matchIfMissing = true)
    RevocationCacheReads revocationCacheReads(DataRedisProperties redis, ConsumerTokenProperties properties,
            ServerEventLoops loops) {
        RedisURI uri = RedisURI.builder().withHost(redis.getHost()).withPort(redis.getPort())
                .withTimeout(properties.revocationTimeout()).build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(redis.getConnectTimeout() != null
                        ? redis.getConnectTimeout() : CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(properties.revocationTimeout()))
                .build();
        return new RevocationCacheReads(new LoopRedisConnections("revocation-cache", loops, options, uri),
                properties.revocationTimeout());
    }

    @Bean
    @ConditionalOnProperty(prefix = "dropline.gateway.consumer-tokens", name = "enabled", havingValue = "false")
    ConsumerTokenVerifier rejectingConsumerTokenVerifier() {
        return (token, key) -> Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Invalid access token", null));
    }

    @Bean
    @ConditionalOnMissingBean
    AdminTokenVerifier spotlightTokenVerifier(SpotlightConfigService configs, AdminUserService users,
            SpotlightProperties properties) {
        return new SpotlightTokenVerifier(configs, users, new AdminJwks(properties.jwks()), properties.jwks().clockSkew(),
                Clock.systemUTC());
    }
}
