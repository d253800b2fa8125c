package io.dropline.contracts.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OutageLogEncoderTest {

    private final LoggerContext logging = new LoggerContext();
    private final Logger logger = logging.getLogger("org.springframework.r2dbc.connection.R2dbcTransactionManager");
    private OutageLogEncoder encoder;

    @BeforeEach
    void encoder() {
        PatternLayoutEncoder plain = new PatternLayoutEncoder();
        plain.setContext(logging);
        plain.setPattern("%level %msg%n%ex");
        encoder = new OutageLogEncoder(plain);
        encoder.setContext(logging);
        encoder.start();
    }

    @Test
    void whenALibraryLogsAnOutageWithItsStackTraceThenOneWarnLineWithoutFramesIsWrittenPerCause() {
        String first = write(Level.ERROR, "Commit exception overridden by rollback exception", postgresDown());
        String second = write(Level.ERROR, "Commit exception overridden by rollback exception", postgresDown());

        assertThat(first).startsWith("WARN Commit exception overridden by rollback exception: ")
                .contains("DataAccessResourceFailureException", "Connection refused: /127.0.0.1:5432")
                .doesNotContain("\tat ")
                .hasLineCount(1);
        assertThat(second).isEmpty();
    }

    @Test
    void whenTheFailureIsNotAnOutageThenTheLineIsWrittenAsItWas() {
        String line = write(Level.ERROR, "Request GET /x failed", new IllegalStateException("a bug"));

        assertThat(line).startsWith("ERROR Request GET /x failed").contains("java.lang.IllegalStateException: a bug", "\tat ");
    }

    @Test
    void whenAnOutageIsLoggedBelowWarnThenItIsLeftAlone() {
        String line = write(Level.INFO, "Reconnecting", postgresDown());

        assertThat(line).startsWith("INFO Reconnecting").contains("\tat ");
    }

    @Test
    void whenLogsAreJsonThenTheOutageLineIsOneJsonObjectAtWarnWithoutAStackTrace() {
        logging.setMDCAdapter(MDC.getMDCAdapter());
        logging.putObject(Environment.class.getName(), new MockEnvironment().withProperty("spring.application.name", "gateway"));
        StructuredLogEncoder json = new StructuredLogEncoder();
        json.setContext(logging);
        json.setFormat("ecs");
        encoder = new OutageLogEncoder(json);
        encoder.setContext(logging);
        encoder.start();

        String line = write(Level.ERROR, "Connection Error", postgresDown());

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode event = JsonMapper.builder().build().readTree(line);
        assertThat(event.at("/log/level").asString()).isEqualTo("WARN");
        assertThat(event.at("/service/name").asString()).isEqualTo("gateway");
        assertThat(event.at("/message").asString()).startsWith("Connection Error: ").contains("Connection refused");
        assertThat(event.has("error")).isFalse();
    }

    private String write(Level level, String message, Throwable failure) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, failure, null);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private static Throwable postgresDown() {
        return new DataAccessResourceFailureException("R2DBC commit", new ConnectException("Connection refused: /127.0.0.1:5432"));
    }
}
