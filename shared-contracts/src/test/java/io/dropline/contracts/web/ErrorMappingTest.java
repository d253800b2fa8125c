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
