package io.dropline.experiences.access.line;

import io.dropline.contracts.id.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The queue engine's figures per active queue (docs/observability.md, "Metrics"): {@code dropline.queue.waiting},
 * {@code dropline.queue.admitting} (gauges) and {@code dropline.queue.admitted} (a counter: the admission rate is its
 * rate), tagged {@code distribution=<queue id>}.
 *
 * <p>Bounded: a queue is tagged only while it is in the engine's active set (from its first join until it is closed
 * and idle), is untagged the round after it leaves it, and at most {@code dropline.line.metrics.max-queues} queues
 * (100) are tagged per instance; queues beyond that are summed under {@code distribution="other"}, which always exists.
 * Nothing is built per request: the ticker updates two numbers per queue per tick from what its tick script already
 * answers, and a queue's meters are made once when it becomes active.
 */
@Component
class LineMeters {

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final int maxQueues;
    private final Map<UUID, Tagged> tagged = new ConcurrentHashMap<>();
    /** Queues over the bound: their latest figures, summed by the {@code other} gauges. */
    private final Map<UUID, long[]> untagged = new ConcurrentHashMap<>();
    private final Tagged other;

    LineMeters(MeterRegistry registry, @Value("${dropline.line.metrics.max-queues:100}") int maxQueues) {
        this.registry = registry;
        this.maxQueues = maxQueues;
        this.other = new Tagged(registry, OTHER, () -> sum(0), () -> sum(1));
    }

    /**
     * One tick's figures of a queue: how many wait, and whether it admits now (running, a rate above zero, below
     * maxAdmissions), so "waiting but not admitting" is told apart from a stall.
     */
    void observed(UUID queue, long waiting, boolean admitting) {
        Tagged meters = tagged.get(queue);
        if (meters == null) {
            meters = tagIfRoom(queue);
        }
        if (meters != null) {
            meters.waiting.set(waiting);
            meters.admitting.set(admitting ? 1 : 0);
        } else {
            long[] figures = untagged.computeIfAbsent(queue, id -> new long[2]);
            figures[0] = waiting;
            figures[1] = admitting ? 1 : 0;
        }
    }

    /** Once per queue: its own meters while fewer than the bound are tagged (the ticker's rounds run 8 queues at once). */
    private synchronized Tagged tagIfRoom(UUID queue) {
        Tagged existing = tagged.get(queue);
        if (existing != null || tagged.size() >= maxQueues) {
            return existing;
        }
        Tagged created = new Tagged(registry, Ids.format("queue", queue));
        tagged.put(queue, created);
        untagged.remove(queue);
        return created;
    }

    /** Grants committed for a queue. */
    void admitted(UUID queue, int count) {
        if (count > 0) {
            tagged.getOrDefault(queue, other).admitted.increment(count);
        }
    }

    /** After a round over the active set: queues no longer in it lose their meters (retired here or by another instance). */
    void retainOnly(Collection<UUID> active) {
        Set<UUID> still = Set.copyOf(active);
        untagged.keySet().retainAll(still);
        tagged.entrySet().removeIf(entry -> !still.contains(entry.getKey()) && untag(entry.getValue()));
    }

    private boolean untag(Tagged meters) {
        meters.meters.forEach(registry::remove);
        return true;
    }

    private double sum(int figure) {
        return untagged.values().stream().mapToLong(figures -> figures[figure]).sum();
    }

    /** The meters of one tag value. */
    private static final class Tagged {

        final AtomicLong waiting = new AtomicLong();
        final AtomicLong admitting = new AtomicLong();
        final Counter admitted;
        final List<Meter> meters;

        Tagged(MeterRegistry registry, String distribution) {
            this(registry, distribution, null, null);
        }

        Tagged(MeterRegistry registry, String distribution, Supplier<Number> sumWaiting,
                Supplier<Number> sumAdmitting) {
            Gauge waitingGauge = Gauge.builder("dropline.queue.waiting", sumWaiting != null ? sumWaiting : waiting::get)
                    .description("Consumers waiting in the queue's line (every instance reports the same figure: use max)")
                    .tag("distribution", distribution)
                    .register(registry);
            Gauge admittingGauge = Gauge.builder("dropline.queue.admitting", sumAdmitting != null ? sumAdmitting : admitting::get)
                    .description("1 while the queue admits (running, rate above zero, below maxAdmissions); for \"other\": how many such queues")
                    .tag("distribution", distribution)
                    .register(registry);
            this.admitted = Counter.builder("dropline.queue.admitted")
                    .description("Consumers granted admission (its rate is the admissions per second)")
                    .tag("distribution", distribution)
                    .register(registry);
            this.meters = List.of(waitingGauge, admittingGauge, admitted);
        }
    }
}
