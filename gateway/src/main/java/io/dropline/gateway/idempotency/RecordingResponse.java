package io.dropline.gateway.idempotency;

import io.dropline.gateway.web.DataBuffers;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The response of a request that holds an idempotency key. Its answer is read whole and handed to the {@link
 * Recorder} <em>before</em> a byte reaches the client, so a client that has the answer always finds it stored: a
 * retry sent the moment the first answer arrives is replayed, never told "in flight". Only the first write counts
 * (a response is written once); a streamed answer ({@code writeAndFlushWith}: server-sent events) is not recorded
 * and gives the key up.
 */
final class RecordingResponse extends ServerHttpResponseDecorator {

    /** Where the answer goes. */
    interface Recorder {

        /** The attempt answered {@code status} with {@code body}; the response's headers are at hand too. */
        Mono<Void> answered(int status, ServerHttpResponse response, byte[] body);

        /** The attempt ended without an answer that can be stored. */
        Mono<Void> abandoned();
    }

    private static final byte[] EMPTY = new byte[0];

    private final Recorder recorder;
    private final AtomicBoolean recorded = new AtomicBoolean();

    RecordingResponse(ServerHttpResponse delegate, Recorder recorder) {
        super(delegate);
        this.recorder = recorder;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (!recorded.compareAndSet(false, true)) {
            return super.writeWith(body);
        }
        return DataBufferUtils.join(Flux.from(body))
                .map(DataBuffers::bytes)
                .defaultIfEmpty(EMPTY)
                // The answer could not be read (the service's connection broke mid-body): nothing to store.
                .onErrorResume(failed -> recorder.abandoned().then(Mono.error(failed)))
                .flatMap(bytes -> recorder.answered(status(), this, bytes)
                        .then(Mono.defer(() -> getDelegate().writeWith(Mono.just(bufferFactory().wrap(bytes))))));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        if (!recorded.compareAndSet(false, true)) {
            return super.writeAndFlushWith(body);
        }
        return recorder.abandoned().then(Mono.defer(() -> super.writeAndFlushWith(body)));
    }

    @Override
    public Mono<Void> setComplete() {
        if (!recorded.compareAndSet(false, true)) {
            return super.setComplete();
        }
        return recorder.answered(status(), this, EMPTY).then(Mono.defer(super::setComplete));
    }

    /** True once an answer was handed to the recorder (or given up). */
    boolean isRecorded() {
        return recorded.get();
    }

    private int status() {
        HttpStatusCode status = getStatusCode();
        return status == null ? 200 : status.value();
    }
}
