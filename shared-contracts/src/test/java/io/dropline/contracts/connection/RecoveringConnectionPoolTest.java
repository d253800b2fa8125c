package io.dropline.contracts.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failed acquires try the next pooled connection: socket failures, never timeouts or PostgreSQL's answers. */
class RecoveringConnectionPoolTest {

    @Test
    void whenTheSocketFailedThenTheNextConnectionIsTried() {
        assertThat(RecoveringConnectionPool.deadConnection(new IOException("Connection reset by peer"))).isTrue();
        assertThat(RecoveringConnectionPool.deadConnection(new IllegalStateException("validation", new ClosedChannelException()))).isTrue();
        assertThat(RecoveringConnectionPool.deadConnection(
                new R2dbcNonTransientResourceException("Cannot exchange messages because the connection is closed"))).isTrue();
    }

    @Test
    void whenItTimedOutOrPostgresAnsweredThenNot() {
        assertThat(RecoveringConnectionPool.deadConnection(new R2dbcTimeoutException("Validation timed out"))).isFalse();
        assertThat(RecoveringConnectionPool.deadConnection(new IllegalStateException(new TimeoutException()))).isFalse();
        assertThat(RecoveringConnectionPool.deadConnection(new R2dbcTimeoutException("acquire", new IOException("late")))).isFalse();
        assertThat(RecoveringConnectionPool.deadConnection(new IllegalArgumentException("syntax error"))).isFalse();
    }
}
