package io.dropline.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SingleWriteResponseFilterTest {

    /** The client's side of the answer: remembers whether it was handed one whole buffer or a stream. */
    private static final class Client extends ServerHttpResponseDecorator {

        boolean whole;

        Client() {
            super(new MockServerHttpResponse());
        }

        Mono<String> getBodyAsString() {
            return ((MockServerHttpResponse) getDelegate()).getBodyAsString();
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            whole = body instanceof Mono;
            return super.writeWith(body);
        }
    }

    @Test
    void whenAnAnswerWithASmallLengthArrivesInChunksThenTheClientIsHandedItWhole() {
        Client client = new Client();
        client.getHeaders().setContentLength(15);
        StepVerifier.create(new SingleWriteResponseFilter.SingleWrite(client)
                .writeWith(Flux.just(buffer("{\"id\":"), buffer("\"cons_1\"}")))).verifyComplete();
        assertThat(client.whole).isTrue();
        StepVerifier.create(client.getBodyAsString()).expectNext("{\"id\":\"cons_1\"}").verifyComplete();
    }

    @Test
    void whenAnAnswerHasNoLengthOrALargeOneThenItStreamsThrough() {
        Client chunked = new Client();
        StepVerifier.create(new SingleWriteResponseFilter.SingleWrite(chunked)
                .writeWith(Flux.just(buffer("data: 1\n\n"), buffer("data: 2\n\n")))).verifyComplete();
        assertThat(chunked.whole).isFalse();
        StepVerifier.create(chunked.getBodyAsString()).expectNext("data: 1\n\ndata: 2\n\n").verifyComplete();

        Client large = new Client();
        String half = "x".repeat((int) SingleWriteResponseFilter.MAX_GATHERED_BYTES / 2 + 1);
        large.getHeaders().setContentLength(2L * half.length());
        StepVerifier.create(new SingleWriteResponseFilter.SingleWrite(large)
                .writeWith(Flux.just(buffer(half), buffer(half)))).verifyComplete();
        assertThat(large.whole).isFalse();
        StepVerifier.create(large.getBodyAsString()).expectNext(half + half).verifyComplete();
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
