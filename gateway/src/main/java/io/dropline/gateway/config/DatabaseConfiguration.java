package io.dropline.gateway.config;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.r2dbc.ConnectionFactoryBuilder;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRefMetadata;

/**
 * The R2DBC pool, built here rather than by Spring Boot for one setting Boot does not expose: the pool drops a
 * connection whose socket is already closed when it would hand it out, instead of handing it out.
 *
 * <p>Why it matters: after PostgreSQL went away (restart, failover, a cut network), every idle connection in the
 * pool is dead. Validation on acquire ({@code validation-query}) catches a dead one, but each catch costs one of
 * the pool's acquire attempts (two in all), so with a pool full of dead connections the first requests after the
 * database is back still answered 503. Retrying more is no cure: when PostgreSQL hangs instead, each attempt waits
 * out a timeout. The socket's state is known locally and at once, so the dead are dropped for free, and validation
 * keeps catching what only a round trip can (a connection that is open but answers nothing).
 *
 * <p>Everything else comes from the usual {@code spring.r2dbc.*} properties ({@code url}, {@code username},
 * {@code password}, {@code pool.*}) and Boot's {@link ConnectionFactoryDecorator}s, as Boot's own pool would.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(R2dbcProperties properties, ObjectProvider<ConnectionFactoryDecorator> decorators) {
        ConnectionFactory connections = ConnectionFactoryBuilder.withUrl(properties.getUrl())
                .username(properties.getUsername())
                .password(properties.getPassword())
                .decorators(decorators.orderedStream().toList())
                .build();
        R2dbcProperties.Pool pool = properties.getPool();
        ConnectionPoolConfiguration.Builder builder = ConnectionPoolConfiguration.builder(connections)
                .initialSize(pool.getInitialSize())
                .maxSize(pool.getMaxSize())
                .minIdle(pool.getMinIdle())
                .acquireRetry(pool.getAcquireRetry())
                .validationDepth(pool.getValidationDepth());
        PropertyMapper map = PropertyMapper.get();
        map.from(pool.getMaxIdleTime()).to(builder::maxIdleTime);
        map.from(pool.getMaxLifeTime()).to(builder::maxLifeTime);
        map.from(pool.getMaxAcquireTime()).to(builder::maxAcquireTime);
        map.from(pool.getMaxCreateConnectionTime()).to(builder::maxCreateConnectionTime);
        map.from(pool.getMaxValidationTime()).to(builder::maxValidationTime);
        map.from(pool.getValidationQuery()).whenHasText().to(builder::validationQuery);
        Duration maxIdleTime = pool.getMaxIdleTime();
        Duration maxLifeTime = pool.getMaxLifeTime();
        // Replaces r2dbc-pool's own predicate (idle time and lifetime), so those two checks are repeated here.
        builder.customizer(poolBuilder -> poolBuilder.evictionPredicate((connection, metadata) ->
                expired(metadata, maxIdleTime, maxLifeTime) || closed(connection)));
        return new ConnectionPool(builder.build());
    }

    private static boolean expired(PooledRefMetadata metadata, Duration maxIdleTime, Duration maxLifeTime) {
        return exceeds(metadata.idleTime(), maxIdleTime) || exceeds(metadata.lifeTime(), maxLifeTime);
    }

    private static boolean exceeds(long millis, Duration limit) {
        return limit != null && !limit.isNegative() && millis >= limit.toMillis();
    }

    /**
     * Whether the connection's socket is closed. A LOCAL validation looks at the socket only, and r2dbc-postgresql
     * answers it synchronously, so this costs no round trip and never waits on the event loop. A driver that
     * answered later would simply not be judged here (counted as open) and be left to validation on acquire.
     */
    private static boolean closed(Connection connection) {
        CompletableFuture<Boolean> open = Mono.from(connection.validate(ValidationDepth.LOCAL)).toFuture();
        try {
            return Boolean.FALSE.equals(open.getNow(Boolean.TRUE));
        } catch (CompletionException failed) {
            return true;
        }
    }
}
