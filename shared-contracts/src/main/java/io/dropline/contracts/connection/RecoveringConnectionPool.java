package io.dropline.contracts.connection;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRefMetadata;

/**
 * The R2DBC pool every service uses: Spring Boot's pool from {@code spring.r2dbc.pool.*}, plus what those
 * properties cannot say, so that a PostgreSQL outage ends for the service when it ends for PostgreSQL.
 *
 * <p>r2dbc-pool only drops a connection for its idle time or age. One that PostgreSQL closed during an outage stays
 * idle in the pool, and the next acquire hands it out: its validation query fails, the acquire fails (r2dbc-pool
 * retries once, then gives up), and the request answers 503 — once for every dead connection, up to the pool's
 * size, long after PostgreSQL is back; readiness stays DOWN until enough probes burnt them. Here:
 * <ul>
 *   <li>a connection whose socket is closed ({@code validate(LOCAL)}: a local check, no I/O) is evicted instead of
 *       being handed out, so the first acquire after an outage opens a fresh connection;</li>
 *   <li>idle connections are checked in the background every {@code evictionInterval}, so dead ones are gone
 *       without any traffic.</li>
 * </ul>
 * A connection that looks open but is dead (no reset ever arrived) still fails its validation query within
 * {@code max-validation-time}, and r2dbc-pool retries the acquire on another connection.
 */
final class RecoveringConnectionPool {

    private RecoveringConnectionPool() {
    }

    /** A pool over {@code connections} with Boot's settings {@code pool} and the eviction described above. */
    static ConnectionPool create(ConnectionFactory connections, R2dbcProperties.Pool pool, Duration evictionInterval) {
        ConnectionPoolConfiguration.Builder builder = ConnectionPoolConfiguration.builder(connections);
        // The same mapping as Spring Boot's PooledConnectionFactoryConfiguration.
        Duration maxIdleTime = pool.getMaxIdleTime() != null ? pool.getMaxIdleTime() : Duration.ofMinutes(30);
        Duration maxLifeTime = pool.getMaxLifeTime() != null ? pool.getMaxLifeTime() : Duration.ofMillis(-1);
        builder.maxIdleTime(maxIdleTime).maxLifeTime(maxLifeTime);
        if (pool.getMaxAcquireTime() != null) {
            builder.maxAcquireTime(pool.getMaxAcquireTime());
        }
        if (pool.getMaxCreateConnectionTime() != null) {
            builder.maxCreateConnectionTime(pool.getMaxCreateConnectionTime());
        }
        if (pool.getMaxValidationTime() != null) {
            builder.maxValidationTime(pool.getMaxValidationTime());
        }
        if (StringUtils.hasText(pool.getValidationQuery())) {
            builder.validationQuery(pool.getValidationQuery());
        }
        if (pool.getValidationDepth() != null) {
            builder.validationDepth(pool.getValidationDepth());
        }
        builder.acquireRetry(pool.getAcquireRetry())
                .initialSize(pool.getInitialSize())
                .maxSize(pool.getMaxSize())
                .minIdle(pool.getMinIdle())
                .backgroundEvictionInterval(evictionInterval)
                .customizer(poolBuilder -> poolBuilder.evictionPredicate(evictable(maxIdleTime, maxLifeTime)));
        return new ConnectionPool(builder.build());
    }

    /**
     * r2dbc-pool's own predicate (idle too long, lived too long; zero means at once) or closed. The pool tests it
     * when it would hand a connection out, when one comes back, and in the background.
     */
    static BiPredicate<Connection, PooledRefMetadata> evictable(Duration maxIdleTime, Duration maxLifeTime) {
        return (connection, metadata) -> {
            if (maxIdleTime.isZero() || maxLifeTime.isZero()) {
                return true;
            }
            boolean idleTooLong = !maxIdleTime.isNegative() && metadata.idleTime() >= maxIdleTime.toMillis();
            boolean livedTooLong = !maxLifeTime.isNegative() && metadata.lifeTime() >= maxLifeTime.toMillis();
            return idleTooLong || livedTooLong || closed(connection);
        };
    }

    /**
     * Whether the driver knows the connection is closed. {@code validate(LOCAL)} only looks at the connection's
     * state (r2dbc-postgresql: whether its channel is open) and answers synchronously; a driver that would answer
     * later is given the benefit of the doubt, and the validation query decides on acquire.
     */
    static boolean closed(Connection connection) {
        AtomicReference<Boolean> valid = new AtomicReference<>();
        Mono.from(connection.validate(ValidationDepth.LOCAL)).subscribe(valid::set, failed -> valid.set(false));
        return Boolean.FALSE.equals(valid.get());
    }
}
