package io.dropline.contracts.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class OpenStreamsWebFilterTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final OpenStreamsWebFilter filter = new OpenStreamsWebFilter(registry);

    @Test
    void whenAStreamIsOpenThenTheGaugeCountsItUntilItEnds() {
        Sinks.Empty<Void> stream = Sinks.empty();
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/queues/q/status")
                .header("Accept", "text/event-stream"));
        StepVerifier.create(filter.filter(exchange, served -> stream.asMono()))
                .then(() -> assertThat(registry.get("dropline.sse.streams.open").gauge().value()).isEqualTo(1.0))
                .then(stream::tryEmitEmpty)
                .verifyComplete();
        assertThat(filter.open()).isZero();
    }

    @Test
    void whenTheClientGoesAwayThenTheStreamIsNoLongerCounted() {
        Sinks.Empty<Void> stream = Sinks.empty();
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x")
                .header("Accept", "text/event-stream, */*"));
        StepVerifier.create(filter.filter(exchange, served -> stream.asMono()))
                .then(() -> assertThat(filter.open()).isEqualTo(1))
                .thenCancel()
                .verify();
        assertThat(filter.open()).isZero();
    }

    @Test
    void whenARequestIsNoStreamThenItIsNotCounted() {
        for (MockServerHttpRequest request : new MockServerHttpRequest[] {
                MockServerHttpRequest.get("/x").header("Accept", "application/json").build(),
                MockServerHttpRequest.get("/x").build(),
                MockServerHttpRequest.post("/x").header("Accept", "text/event-stream").build()}) {
            StepVerifier.create(filter.filter(MockServerWebExchange.from(request),
                            served -> reactor.core.publisher.Mono.fromRunnable(() -> assertThat(filter.open()).isZero())))
                    .verifyComplete();
        }
    }
}
