package io.dropline.analytics.store;

import reactor.core.publisher.Mono;

/**
 * Work that must happen exactly once per stored event, inside the transaction that stores it (the webhook
 * deliveries it causes): a redelivered event is not stored again, so it reaches no listener again.
 */
public interface StoredEventListener {

    Mono<Void> stored(StoredEvent event);

    /** The events one batch stored, in the same transaction; one at a time unless a listener can do better. */
    default Mono<Void> storedAll(java.util.List<StoredEvent> events) {
        return reactor.core.publisher.Flux.fromIterable(events).concatMap(this::stored).then();
    }
}
