package io.dropline.experiences.access.line;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.id.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LineMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void whenNoQueueIsActiveThenOnlyTheOtherSeriesExist() {
        new LineMeters(registry, 100);
        assertThat(Search.in(registry).name("dropline.queue.waiting").gauges()).hasSize(1);
        assertThat(registry.get("dropline.queue.waiting").tag("distribution", "other").gauge().value()).isZero();
        assertThat(registry.get("dropline.queue.admitted").tag("distribution", "other").counter().count()).isZero();
    }

    @Test
    void whenAQueueIsObservedThenItIsTaggedByItsPublicIdWithItsFigures() {
        LineMeters meters = new LineMeters(registry, 100);
        UUID queue = Ids.newUuid();
        meters.observed(queue, 42, true);
        meters.admitted(queue, 3);
        meters.admitted(queue, 2);
        String id = Ids.format("queue", queue);
        assertThat(registry.get("dropline.queue.waiting").tag("distribution", id).gauge().value()).isEqualTo(42.0);
        assertThat(registry.get("dropline.queue.admitting").tag("distribution", id).gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("dropline.queue.admitted").tag("distribution", id).counter().count()).isEqualTo(5.0);

        meters.observed(queue, 7, false);
        assertThat(registry.get("dropline.queue.waiting").tag("distribution", id).gauge().value()).isEqualTo(7.0);
        assertThat(registry.get("dropline.queue.admitting").tag("distribution", id).gauge().value()).isZero();
    }

    @Test
    void whenMoreQueuesThanTheBoundAreActiveThenTheRestAreSummedUnderOther() {
        LineMeters meters = new LineMeters(registry, 2);
        List<UUID> queues = List.of(Ids.newUuid(), Ids.newUuid(), Ids.newUuid(), Ids.newUuid());
        for (int i = 0; i < queues.size(); i++) {
            meters.observed(queues.get(i), 10 * (i + 1), true);
            meters.admitted(queues.get(i), 1);
        }
        assertThat(Search.in(registry).name("dropline.queue.waiting").gauges()).hasSize(3);
        assertThat(registry.get("dropline.queue.waiting").tag("distribution", "other").gauge().value()).isEqualTo(30.0 + 40.0);
        assertThat(registry.get("dropline.queue.admitting").tag("distribution", "other").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("dropline.queue.admitted").tag("distribution", "other").counter().count()).isEqualTo(2.0);
    }

    @Test
    void whenAQueueLeavesTheActiveSetThenItsSeriesAreRemovedAndItsPlaceIsFree() {
        LineMeters meters = new LineMeters(registry, 1);
        UUID first = Ids.newUuid();
        UUID second = Ids.newUuid();
        meters.observed(first, 5, true);
        meters.observed(second, 6, true);
        assertThat(registry.get("dropline.queue.waiting").tag("distribution", "other").gauge().value()).isEqualTo(6.0);

        meters.retainOnly(List.of(second));
        assertThat(Search.in(registry).tag("distribution", Ids.format("queue", first)).meters()).isEmpty();

        // Its next tick gives the queue that was over the bound the freed place.
        meters.observed(second, 6, true);
        assertThat(registry.get("dropline.queue.waiting").tag("distribution", Ids.format("queue", second)).gauge().value()).isEqualTo(6.0);
        assertThat(registry.get("dropline.queue.waiting").tag("distribution", "other").gauge().value()).isZero();
    }
}
