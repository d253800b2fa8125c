package io.dropline.contracts.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.error.ApiException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebInputException;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.PoolException;
import org.springframework.r2dbc.BadSqlGrammarException;

class ErrorMappingTest {

    @Test
    void whenADependencyIsDownOrSlowThen503WithRetryAfterNot500() {
        for (Throwable outage : new Throwable[] {
                new DataAccessResourceFailureException("pool exhausted"),
                new RuntimeException("wrapped", new ConnectException("refused")),
                new TimeoutException("Did not observe any item")}) {
            ErrorMapping.ErrorView view = ErrorMapping.classify(outage);
            assertThat(view.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(view.retryAfterSeconds()).isPositive();
            assertThat(view.message()).doesNotContain("refused", "pool");
        }
    }

    /** Every way a Redis or PostgreSQL outage surfaces, raw from the driver or as Spring translated it. */
    @Test
    void whenRedisOrPostgresqlIsDownHangingOrReconnectingThen503WithRetryAfter() {
        for (Throwable outage : new Throwable[] {
                // Lettuce, directly (the queue engine) and through Spring Data Redis (the event bus).
                new RedisException("Currently not connected. Commands are rejected."),
                new RedisException("Connection disconnected"),
                new RedisException("Connection closed"),
                new RedisException("Connection is closed"),
                new RedisException("Request queue size exceeded: 100. Commands are not accepted until the queue size drops."),
                new RedisSystemException("Error in execution", new RedisException("Currently not connected. Commands are rejected.")),
                new RedisException(new SocketException("Connection reset")),
                new RedisConnectionException("Unable to connect to 127.0.0.1:6379"),
                new RedisConnectionFailureException("Unable to connect to Redis", new RedisConnectionException("refused")),
                new RedisCommandTimeoutException("Command timed out after 500 millisecond(s)"),
                new QueryTimeoutException("Redis command timed out", new RedisCommandTimeoutException("timed out")),
                new RedisLoadingException("LOADING Redis is loading the dataset in memory"),
                new RedisReadOnlyException("READONLY You can't write against a read only replica."),
                new RedisBusyException("BUSY Redis is busy running a script."),
                new PoolException("Could not get a resource from the pool"),
                // R2DBC: refused, closed mid-query, pool acquire timeout, server shutting down, too many clients.
                new R2dbcNonTransientResourceException("Cannot exchange messages because the connection is closed"),
                new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                        new R2dbcTimeoutException("Connection acquisition timed out after 2000ms")),
                new R2dbcTransientResourceException("Cannot exchange messages because the request queue limit is exceeded"),
                new DataAccessResourceFailureException("executeMany",
                        new R2dbcNonTransientResourceException("terminating connection due to administrator command", "57P01")),
                new R2dbcNonTransientResourceException("sorry, too many clients already", "53300"),
                new R2dbcNonTransientResourceException("connection failure", "08006"),
                // Sockets.
                new SocketException("Connection reset"),
                new ClosedChannelException()}) {
            ErrorMapping.ErrorView view = ErrorMapping.classify(outage);
            assertThat(view.status()).as(outage.toString()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(view.retryAfterSeconds()).isPositive();
            assertThat(view.code()).isEqualTo("SERVICE_UNAVAILABLE");
        }
    }

    /** A dependency that answered with an error of ours is not down: those stay 500, whatever wraps them. */
    @Test
    void whenADependencyAnswersWithAnErrorOfOursThen500Not503() {
        for (Throwable bug : new Throwable[] {
                new RedisSystemException("Error in execution",
                        new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value")),
                new RedisCommandExecutionException("ERR Error running script"),
                new RedisException("Unsupported script output type"),
                new RedisBusyException("BUSYGROUP Consumer Group name already exists"),
                new BadSqlGrammarException("select", "SELECT nope", new R2dbcBadGrammarException("syntax error", "42601")),
                new DataAccessResourceFailureException("executeMany",
                        new R2dbcNonTransientResourceException("division by zero in trigger", "XX000")),
                new R2dbcNonTransientResourceException("raised by a function", "P0001"),
                new IllegalStateException("Connection closed")}) {
            assertThat(ErrorMapping.classify(bug).status()).as(bug.toString()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        }
    }

    @Test
    void whenTheClientErrsThen4xxAndWhenTheServerErrsThenABare500() {
        assertThat(ErrorMapping.classify(ApiException.notFound("Queue")).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(ErrorMapping.classify(new ServerWebInputException("x", null, new DataBufferLimitException("big"))).status())
                .isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        ErrorMapping.ErrorView bug = ErrorMapping.classify(new IllegalStateException("SELECT secret FROM t"));
        assertThat(bug.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(bug.message()).isEqualTo("Internal server error");
    }
}
