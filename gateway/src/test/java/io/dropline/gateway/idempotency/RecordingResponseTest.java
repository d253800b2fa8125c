package io.dropline.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RecordingResponseTest {

    /** What the recorder saw, and whether the client had been sent anything at that moment. */
    private final List<String> events = new ArrayList<>();

    private final RecordingResponse.Recorder recorder = new RecordingResponse.Recorder() {
        @Override
        public Mono<Void> answered(int status, ServerHttpResponse response, byte[] body) {
            return Mono.fromRunnable(() -> events.add("answered " + status + " " + new String(body, StandardCharsets.UTF_8)
                    + " committed=" + response.isCommitted()));
        }

        @Override
        public Mono<Void> abandoned() {
            return Mono.fromRunnable(() -> events.add("abandoned"));
        }
    };

    @Test
    void whenTheAnswerIsWrittenInChunksThenItIsRecordedWholeBeforeAByteIsCommitted() {
        MockServerHttpResponse client = new MockServerHttpResponse();
        RecordingResponse response = new RecordingResponse(client, recorder);
        response.setStatusCode(HttpStatus.CREATED);
        StepVerifier.create(response.writeWith(Flux.just(buffer("{\"id\":"), buffer("\"cons_1\"}")))).verifyComplete();
        assertThat(events).containsExactly("answered 201 {\"id\":\"cons_1\"} committed=false");
        StepVerifier.create(client.getBodyAsString()).expectNext("{\"id\":\"cons_1\"}").verifyComplete();
        assertThat(response.isRecorded()).isTrue();
    }

    @Test
    void whenNothingIsWrittenThenCompletingRecordsAnEmptyAnswer() {
        MockServerHttpResponse client = new MockServerHttpResponse();
        RecordingResponse response = new RecordingResponse(client, recorder);
        response.setStatusCode(HttpStatus.NO_CONTENT);
        StepVerifier.create(response.setComplete()).verifyComplete();
        assertThat(events).containsExactly("answered 204  committed=false");
    }

    @Test
    void whenTheAnswerIsStreamedOrFailsMidBodyThenTheKeyIsGivenUp() {
        RecordingResponse streamed = new RecordingResponse(new MockServerHttpResponse(), recorder);
        StepVerifier.create(streamed.writeAndFlushWith(Flux.just(Flux.just(buffer("data: 1\n\n"))))).verifyComplete();
        RecordingResponse broken = new RecordingResponse(new MockServerHttpResponse(), recorder);
        StepVerifier.create(broken.writeWith(Flux.concat(Flux.just(buffer("{")), Flux.error(new IllegalStateException("reset")))))
                .verifyErrorMessage("reset");
        assertThat(events).containsExactly("abandoned", "abandoned");
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
