package io.dropline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrowserCorsWebFilterTest {

    @Test
    void consumerShapedPreflightsAreTheOnlyOnesAnswered() {
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/auth/guest", "POST", "x-publishable-key")).isTrue();
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/queues/q/enter", "post", "Authorization, X-Publishable-Key")).isTrue();
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/queues/q/status", "GET", null)).isTrue();
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/queues/q/status", "GET", "last-event-id")).isTrue();
        // A stream GET announcing a credential header is no EventSource: it needs the publishable key's shape.
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/queues/q/status", "GET", "authorization")).isFalse();
        // Secret-key shapes and Admin-API paths.
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/consumers/me", "GET", "authorization")).isFalse();
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/experiences", "POST", "x-publishable-key")).isFalse();
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/settings", "GET", "x-publishable-key")).isFalse();
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/auth/guest", "BREW", "x-publishable-key")).isFalse();
    }

    @Test
    void whenAPageRetriesSafelyThenItMaySendAnIdempotencyKeyAndReadWhetherItWasReplayed() {
        assertThat(BrowserCorsWebFilter.consumerShaped("/api/v1/auctions/a/bid", "POST",
                "authorization, x-publishable-key, idempotency-key, content-type")).isTrue();
        assertThat(BrowserCorsWebFilter.ALLOWED_HEADERS).contains("Idempotency-Key");
        assertThat(BrowserCorsWebFilter.EXPOSED_HEADERS).contains("Idempotency-Replayed");
    }
}
