package io.dropline.experiences.access.line;

import io.dropline.experiences.access.distribution.Grants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine's upkeep of the Redis index as a mirror of the record: committed grants are signed and made visible,
 * a lost index is rebuilt from PostgreSQL. Shared by the request side ({@link LineService}) and the timers
 * ({@link AdmissionTicker}), so the ticker never goes through the request façade.
 */
@Component
class LineMirror {

    private final LineIndex index;
    private final LineRecord record;
    private final Grants grants;
    private final LineProperties properties;
    /** Consumer lookups the Redis index could not answer, so PostgreSQL was asked (rebuild or repair): 0 on the steady path. */
    private final Counter indexMisses;

    LineMirror(LineIndex index, LineRecord record, Grants grants, LineProperties properties, MeterRegistry meters) {
        this.index = index;
        this.record = record;
        this.grants = grants;
        this.properties = properties;
        this.indexMisses = Counter.builder("dropline.line.index.misses")
                .description("Consumer lookups that asked PostgreSQL (index rebuild or entry repair) instead of Redis alone")
                .register(meters);
    }

    /** A lookup the index could not answer (repair from the record). */
    void countIndexMiss() {
        indexMisses.increment();
    }

    Mono<Void> publishGrants(QueueSettings queue, List<Entry> granted) {
        return Flux.fromIterable(granted)
                .concatMap(entry -> resign(queue, entry).map(token -> new SignedGrant(entry, token)))
                .collectList()
                .flatMap(signed -> index.addGranted(queue.id(), signed))
                .then(index.publishChange(queue.id()))
                .then(index.publishConsumerChanges(queue.id(), granted.stream().map(Entry::consumerId).toList()));
    }

    Mono<String> resign(QueueSettings queue, Entry entry) {
        return grants.sign(queue.ref(), entry.consumerId(), entry.grantId(), entry.grantedAt(), entry.grantExpiresAt());
    }

    Mono<Boolean> rebuild(QueueSettings queue) {
        indexMisses.increment();
        return index.rebuild(queue.id(), record.allEntries(queue.id()), record.admittedTotal(queue.id()),
                        entry -> resign(queue, entry), properties.rebuildLockTtl())
                .flatMap(rebuilt -> rebuilt ? index.markActive(queue.id()).thenReturn(true) : awaitOtherRebuild(queue));
    }

    /** Another instance is rebuilding: wait briefly for its result rather than answer from a half-built index. */
    private Mono<Boolean> awaitOtherRebuild(QueueSettings queue) {
        return index.hasIndex(queue.id())
                .filter(ready -> ready)
                .repeatWhenEmpty(20, attempts -> attempts.delayElements(Duration.ofMillis(100)))
                .defaultIfEmpty(false);
    }
}
