package io.dropline.gateway.idempotency;

import io.dropline.contracts.timer.Polling;
import io.dropline.gateway.config.IdempotencyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Deletes expired idempotency keys on every replica, a batch at a time until none is left. Safe to run on all of
 * them at once: each batch locks its rows with {@code SKIP LOCKED}, so replicas share the work instead of queueing on
 * it, and deleting an already-deleted row is nothing. Not run by the bootstrap CLI (no web application).
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class IdempotencySweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencySweeper.class);
    /** Batches per pass at most; what is left waits for the next pass. */
    private static final int MAX_BATCHES = 100;

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private volatile Disposable running;

    IdempotencySweeper(IdempotencyKeys keys, IdempotencyProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    /** One pass: batches until one comes back short. The number of keys deleted. */
    Mono<Long> sweep() {
        return keys.sweepBatch()
                .expand(deleted -> deleted >= properties.sweepBatch() ? keys.sweepBatch() : Mono.empty())
                .take(MAX_BATCHES)
                .reduce(0L, Long::sum);
    }

    @Override
    public void start() {
        running = Polling.every(properties.sweepInterval(), this::sweep,
                failure -> log.warn("Idempotency key sweep failed; retrying next pass: {}", failure.toString()));
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
