package io.dropline.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RequestLimitsTest {

    @Test
    void requestLineIsCountedAsSentWithoutTheCrlf() {
        // The raw target, percent-escapes as sent.
        assertThat(RequestLimits.requestLineLength(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/a?b=c%20d")).build()))
                .isEqualTo("GET /a?b=c%20d HTTP/1.1".length());
        assertThat(RequestLimits.requestLineLength(MockServerHttpRequest.post("/a").build()))
                .isEqualTo("POST /a HTTP/1.1".length());
    }

    @Test
    void requestLineAtTheLimitPassesAndOneByteMoreIsTooLong() {
        String prefix = "/p?q=";
        int fill = RequestLimits.MAX_REQUEST_LINE_BYTES - "GET ".length() - prefix.length() - " HTTP/1.1".length();
        assertThat(RequestLimits.requestLineTooLong(MockServerHttpRequest.get(prefix + "x".repeat(fill)).build())).isFalse();
        assertThat(RequestLimits.requestLineTooLong(MockServerHttpRequest.get(prefix + "x".repeat(fill + 1)).build())).isTrue();
    }

    @Test
    void headerBlockCountsEveryLineOfARepeatedHeader() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/")
                .header("X-A", "1", "22")
                .header("Host", "h")
                .build();
        assertThat(RequestLimits.headerBlockLength(request.getHeaders()))
                .isEqualTo("X-A: 1".length() + "X-A: 22".length() + "Host: h".length());
    }

    @Test
    void headerBlockAtTheLimitPassesAndOneByteMoreIsTooLarge() {
        int fill = RequestLimits.MAX_HEADER_BYTES - "X-Pad: ".length();
        assertThat(RequestLimits.headersTooLarge(MockServerHttpRequest.get("/").header("X-Pad", "p".repeat(fill)).build()))
                .isFalse();
        assertThat(RequestLimits.headersTooLarge(MockServerHttpRequest.get("/").header("X-Pad", "p".repeat(fill + 1)).build()))
                .isTrue();
    }
}
