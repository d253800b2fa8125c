package io.dropline.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class SdkCorsWebFilterTest {

    private static HttpHeaders answer(String... upstreamVary) {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/v1/sdk/eligible").header("Origin", "https://shop.example"));
        new SdkCorsWebFilter(new ManagementPort()).filter(exchange, served -> {
            if (upstreamVary.length > 0) {
                served.getResponse().getHeaders().addAll(HttpHeaders.VARY, java.util.List.of(upstreamVary));
            }
            return served.getResponse().setComplete();
        }).block();
        return exchange.getResponse().getHeaders();
    }

    @Test
    void whenUpstreamVariesThenOriginIsMergedNotReplacing() {
        assertThat(answer("Accept-Encoding").getVary()).containsExactly("Accept-Encoding", "Origin");
        assertThat(answer("Accept-Encoding, origin").getVary()).containsExactly("Accept-Encoding", "origin");
        assertThat(answer("*").getVary()).containsExactly("*");
        HttpHeaders plain = answer();
        assertThat(plain.getVary()).containsExactly("Origin");
        assertThat(plain.getAccessControlAllowOrigin()).isEqualTo("https://shop.example");
    }
}
