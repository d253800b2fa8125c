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
    }
}
