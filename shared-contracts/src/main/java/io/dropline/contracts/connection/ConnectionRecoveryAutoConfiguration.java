package io.dropline.contracts.connection;

import io.lettuce.core.resource.Delay;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How every Dropline process gets its connections back after PostgreSQL or Redis was down: within about a second
 * of the dependency's return, without a restart and without failing requests to find out.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
public class ConnectionRecoveryAutoConfiguration {

    /** The bean name of Spring Boot's pooled {@code ConnectionFactory}. */
    static final String BOOT_CONNECTION_FACTORY = "connectionFactory";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.r2dbc.pool.ConnectionPool", "org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties"})
    static class PostgresPool {

        /**
         * Replaces Spring Boot's pool, before anything used it, with the same pool that also evicts closed
         * connections, on acquire and in the background (see {@link RecoveringConnectionPool}). Static: a
         * post-processor is created before ordinary beans.
         */
        @Bean
        static BeanPostProcessor recoveringConnectionPool(ObjectProvider<R2dbcProperties> properties,
                @Value("${dropline.r2dbc.pool.eviction-interval:5s}") Duration evictionInterval) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (!(bean instanceof ConnectionPool boots) || !BOOT_CONNECTION_FACTORY.equals(beanName)) {
                        return bean;
                    }
                    // Looked up only now: asking for it while other beans (itself included) are created is a cycle.
                    R2dbcProperties settings = properties.getIfAvailable();
                    if (settings == null) {
                        return bean;
                    }
                    ConnectionPool recovering = RecoveringConnectionPool.create(boots.unwrap(), settings.getPool(), evictionInterval);
                    // Boot's pool never handed out a connection; disposing it stops its background task.
                    boots.disposeLater().subscribe();
                    return recovering;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.lettuce.core.resource.Delay",
            "org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer"})
    static class RedisReconnect {

        /**
         * Lettuce reconnects a lost connection with an exponential back-off that grows to 30 s, so after a long
         * outage Redis could be back for half a minute before a service noticed. Capped here at
         * {@code dropline.redis.max-reconnect-delay}: one connection attempt per second costs nothing.
         */
        @Bean
        ClientResourcesBuilderCustomizer droplineReconnectDelay(
                @Value("${dropline.redis.max-reconnect-delay:1s}") Duration maxReconnectDelay) {
            return resources -> resources.reconnectDelay(
                    Delay.exponential(Duration.ofMillis(10), maxReconnectDelay, 2, TimeUnit.MILLISECONDS));
        }
    }
}
