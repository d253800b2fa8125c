package io.dropline.contracts.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class OutageLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(OutageLogTest.class.getName() + ".outages");
    /** Keeps each line as written, MDC included (logback reads an event's MDC lazily otherwise). */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final OutageLog outages = new OutageLog(logger, Duration.ofSeconds(10), nanos::get);
    private final UUID organization = UUID.randomUUID();
    private final InternalContext caller = new InternalContext(organization, Environment.LIVE, ApiSurface.ADMIN,
            Principal.service("test"), "req-outage-1", Instant.now().plusSeconds(60));

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void whenABurstFailsForOneCauseThenOneWarnLineWithoutStackTraceCarriesTheRequest() {
        for (int i = 0; i < 1000; i++) {
            outages.warn(caller, "GET /api/v1/settings answered 503, a dependency is unavailable", postgresDown());
        }

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getThrowableProxy()).isNull();
        assertThat(line.getFormattedMessage())
                .startsWith("GET /api/v1/settings answered 503, a dependency is unavailable: ")
                .contains("Connection refused: /127.0.0.1:5432")
                .doesNotContain("\n");
        assertThat(line.getMDCPropertyMap())
                .containsEntry(RequestLog.REQUEST_ID, "req-outage-1")
                .containsEntry(RequestLog.ORGANIZATION, Ids.format("org", organization));
        assertThat(MDC.get(RequestLog.REQUEST_ID)).isNull();
    }

    @Test
    void whenTheWindowHasPassedThenTheNextLineCountsTheFailuresNotLogged() {
        for (int i = 0; i < 50; i++) {
            outages.warn(caller, "GET /x answered 503", postgresDown());
        }
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        outages.warn(caller, "GET /x answered 503", postgresDown());
        outages.warn(caller, "GET /x answered 503", postgresDown());

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).contains("; 49 more like it since the last line of this cause");
    }

    @Test
    void whenTwoDependenciesFailThenEachCauseGetsItsLine() {
        for (int i = 0; i < 20; i++) {
            outages.warn(caller, "GET /x answered 503", postgresDown());
            outages.warn(caller, "GET /x answered 503", redisDown());
        }

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains(":5432"))
                .anySatisfy(line -> assertThat(line).contains(":6379"));
    }

    @Test
    void whenMessagesDifferOnlyInLongNumbersThenTheyAreOneCause() {
        for (int i = 0; i < 20; i++) {
            outages.warn(caller, "GET /x answered 503", new IllegalStateException("pool exhausted after " + (1_000_000 + i) + " ns"));
        }

        assertThat(lines.list).hasSize(1);
    }

    @Test
    void whenCausesKeepComingThenTheirNumberIsBounded() {
        for (int i = 0; i < 1000; i++) {
            outages.warn(caller, "GET /x answered 503", new IllegalStateException("cause " + i));
        }

        assertThat(lines.list).hasSize(OutageLog.MAX_CAUSES + 1);
    }

    private static Throwable postgresDown() {
        return new IllegalStateException("Cannot connect to PostgreSQL", new ConnectException("Connection refused: /127.0.0.1:5432"));
    }

    private static Throwable redisDown() {
        return new IllegalStateException("Cannot connect to Redis", new ConnectException("Connection refused: /127.0.0.1:6379"));
    }
}
