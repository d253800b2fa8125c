package io.dropline.contracts.event.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class EventSubscriptionTest {

    @Test
    void aSubscriptionToAllTypesAcceptsEveryTypeIncludingFutureOnes() {
        EventSubscription all = EventSubscription.all("store", event -> Mono.empty());
        assertThat(all.accepts("queue.consumer.entered")).isTrue();
        assertThat(all.accepts("some.type.not.invented.yet")).isTrue();
    }

    @Test
    void aSubscriptionToNamedTypesAcceptsOnlyThose() {
        EventSubscription named = new EventSubscription("audit", Set.of("admin.activity"), event -> Mono.empty());
        assertThat(named.accepts("admin.activity")).isTrue();
        assertThat(named.accepts("queue.consumer.entered")).isFalse();
        assertThat(named.isBatched()).isFalse();
    }

    @Test
    void aBatchedSubscriptionHandsASingleEventOverAsAListOfOne() {
        java.util.List<java.util.List<io.dropline.contracts.event.EventEnvelope>> calls = new java.util.ArrayList<>();
        EventSubscription batched = EventSubscription.batched("store", Set.of(EventSubscription.ALL_TYPES),
                events -> Mono.fromRunnable(() -> calls.add(events)));
        io.dropline.contracts.event.EventEnvelope event = new io.dropline.contracts.event.EventEnvelope("evt_1", "a.b", "org_1",
                "live", "thing", "thing_1", java.time.Instant.EPOCH, "req", "key", java.util.Map.of());
        batched.handler().apply(event).block();
        assertThat(batched.isBatched()).isTrue();
        assertThat(calls).containsExactly(java.util.List.of(event));
    }
}
