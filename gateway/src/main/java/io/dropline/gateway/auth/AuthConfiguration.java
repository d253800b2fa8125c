package io.dropline.gateway.auth;

import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.adminuser.AdminUserService;
import io.dropline.gateway.config.ConsumerTokenProperties;
import io.dropline.gateway.balancing.BalancedClients;
import io.dropline.gateway.config.RedisNamespaceProperties;
import io.dropline.gateway.config.SpotlightProperties;
import io.dropline.gateway.spotlight.SpotlightConfigService;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
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
        return new JwksConsumerTokenVerifier(jwks, redis, namespace.namespace(), properties.clockSkew(),
                properties.revocationTimeout(), sessions, clock, properties.verifiedTokens());
    }

    @Bean
    RevocationCacheReads revocationCacheReads(ReactiveRedisConnectionFactory redis) {
        return new RevocationCacheReads(redis);
    }

    /**
     * Spring's Lettuce factory connects its shared connection lazily, blocking the first caller; the revocation
     * check must not be that caller on an event loop, so the main thread connects once the context has started.
     */
    @Bean
    @ConditionalOnProperty(prefix = "dropline.gateway.consumer-tokens", name = "enabled", havingValue = "true", matchIfMissing = true)
    ApplicationListener<ApplicationStartedEvent> revocationRedisWarmUp(RevocationCacheReads redis) {
        return started -> {
            try {
                redis.connect();
            } catch (RuntimeException unavailable) {
                LoggerFactory.getLogger(AuthConfiguration.class)
                        .warn("Redis is not reachable at start-up ({}); the revocation check connects on first use", unavailable.toString());
            }
        };
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
