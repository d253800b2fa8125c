package io.dropline.contracts.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import io.dropline.contracts.id.Ids;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestLogTest {

    @Test
    void whenALineIsWrittenForAnExchangeThenItsRequestAndOrganizationAreInTheMdcForThatLineOnly() {
        UUID organization = UUID.randomUUID();
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/experiences")
                .header(RequestIds.HEADER, "req-42"));
        RequestLog.organization(exchange, organization);
        Map<String, String> seen = new HashMap<>();

        RequestLog.with(exchange, () -> seen.putAll(MDC.getCopyOfContextMap()));

        assertThat(seen).containsEntry(RequestLog.REQUEST_ID, "req-42")
                .containsEntry(RequestLog.ORGANIZATION, Ids.format("org", organization));
        assertThat(MDC.get(RequestLog.REQUEST_ID)).isNull();
        assertThat(MDC.get(RequestLog.ORGANIZATION)).isNull();
    }

    @Test
    void whenNestedThenTheOuterValuesComeBack() {
        RequestLog.with("outer", null, () -> {
            RequestLog.with("inner", null, () -> assertThat(MDC.get(RequestLog.REQUEST_ID)).isEqualTo("inner"));
            assertThat(MDC.get(RequestLog.REQUEST_ID)).isEqualTo("outer");
        });
        assertThat(MDC.get(RequestLog.REQUEST_ID)).isNull();
    }

    @Test
    void whenLogsAreJsonThenALineOfARequestCarriesServiceRequestAndOrganization() {
        // Spring Boot's own encoder, as logging.structured.format.console=ecs (DROPLINE_LOG_FORMAT=ecs) installs it.
        LoggerContext logging = new LoggerContext();
        logging.setMDCAdapter(MDC.getMDCAdapter());
        logging.putObject(Environment.class.getName(), new MockEnvironment().withProperty("spring.application.name", "gateway"));
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(logging);
        encoder.setFormat("ecs");
        encoder.start();
        Logger logger = logging.getLogger("io.dropline.test");
        UUID organization = UUID.randomUUID();
        ILoggingEvent[] written = new ILoggingEvent[1];

        RequestLog.with("req-json-1", organization, () -> {
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "GET /x answered 503", null, null);
            event.prepareForDeferredProcessing();
            written[0] = event;
        });
        String line = new String(encoder.encode(written[0]), StandardCharsets.UTF_8);

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JsonMapper.builder().build().readTree(line);
        assertThat(json.at("/service/name").asString()).isEqualTo("gateway");
        assertThat(json.at("/log/level").asString()).isEqualTo("WARN");
        assertThat(json.at("/message").asString()).isEqualTo("GET /x answered 503");
        assertThat(json.at("/" + RequestLog.REQUEST_ID).asString()).isEqualTo("req-json-1");
        assertThat(json.at("/" + RequestLog.ORGANIZATION).asString()).isEqualTo(Ids.format("org", organization));
    }
}
