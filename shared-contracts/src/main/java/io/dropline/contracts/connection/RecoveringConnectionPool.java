package io.dropline.contracts.connection;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.util.StringUtils;
import reactor.core.publisher.Mono;
import reactor.pool.PooledRefMetadata;
import reactor.util.retry.Retry;

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
 *   <li>an acquire that failed because the connection it was given turned out dead (its reset had arrived but not yet
 *       been read when the pool checked it: right after a blip, every idle connection is such a one) is tried again,
 *       up to the pool's size, since each of them fails its validation query at once. r2dbc-pool alone retries once,
 *       so after a blip with a full pool the first requests failed (a CI failure of {@code PostgresOutageIT}).</li>
 * </ul>
 * A connection that looks open but is dead (no reset ever arrived) still fails its validation query within
 * {@code max-validation-time}, and r2dbc-pool retries the acquire on another connection; a timeout is never retried
 * here, so an acquire while PostgreSQL hangs still ends within r2dbc-pool's own bounds.
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
        return new RetryingDeadConnections(builder.build(), pool.getMaxSize());
    }

    /** r2dbc-pool's pool whose acquire also survives the dead connections of a blip (see the class comment). */
    static final class RetryingDeadConnections extends ConnectionPool {

        private final Mono<Connection> create;

        RetryingDeadConnections(ConnectionPoolConfiguration configuration, int maxSize) {
            super(configuration);
            this.create = super.create().retryWhen(Retry.max(maxSize).filter(RecoveringConnectionPool::deadConnection)
                    // The last failure itself, not Reactor's wrapper, so it maps to a 503 as before.
                    .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        }

        @Override
        public Mono<Connection> create() {
            return create;
        }
    }

    /**
     * Whether an acquire failed on a connection's socket (reset, broken pipe, closed channel, refused): such a failure
     * comes at once, so trying the next connection costs nothing. Timeouts and answers from PostgreSQL are not.
     */
    static boolean deadConnection(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof R2dbcTimeoutException) {
                return false;
            }
            if (cause instanceof IOException || cause instanceof ClosedChannelException
                    || cause instanceof R2dbcNonTransientResourceException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
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
