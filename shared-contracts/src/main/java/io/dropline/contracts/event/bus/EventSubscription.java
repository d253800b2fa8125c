package io.dropline.contracts.event.bus;

import io.dropline.contracts.event.EventEnvelope;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A service's interest in events from the bus. Declare one as a bean; the service's {@link EventStreamConsumer}
 * (one consumer group per service, named after {@code dropline.service.name}) hands it every event whose type is
 * in {@code types}. Delivery is at least once: the handler must be idempotent by {@link EventEnvelope#id()}
 * (e.g. an insert keyed by the event id with {@code ON CONFLICT DO NOTHING}). A handler that fails leaves the event
 * pending; it is delivered again later, and given up (logged, counted) after {@code dropline.events.max-deliveries}.
 *
 * <p>Opt-in batches ({@link #batched}): {@code batchHandler} receives every accepted event of one read (up to
 * {@code dropline.events.consumer.batch-size}) in one call, so a store can write them in one transaction; the entries
 * are acknowledged only after it succeeded. If the call fails, each event of the read is retried alone (a list of
 * one), so one poison event leaves only itself pending. Redeliveries of pending entries arrive as lists of one.
 * Without a batch handler (every subscription built with the three-argument constructor) nothing changes.
 */
public record EventSubscription(String name, Set<String> types, Function<EventEnvelope, Mono<Void>> handler,
        Function<List<EventEnvelope>, Mono<Void>> batchHandler) {

    /**
     * The type set of a subscription to every event (analytics-service's event store and webhooks), including types
     * that do not exist yet: events are handled generically by their type name.
     */
    public static final String ALL_TYPES = "*";

    public EventSubscription {
        types = Set.copyOf(types);
        if (handler == null && batchHandler != null) {
            handler = event -> batchHandler.apply(List.of(event));
        }
    }

    /** A subscription handed one event at a time. */
    public EventSubscription(String name, Set<String> types, Function<EventEnvelope, Mono<Void>> handler) {
        this(name, types, handler, null);
    }

    /** A subscription handed every accepted event of a read at once (see the class comment). */
    public static EventSubscription batched(String name, Set<String> types, Function<List<EventEnvelope>, Mono<Void>> batchHandler) {
        return new EventSubscription(name, types, null, batchHandler);
    }

    public boolean isBatched() {
        return batchHandler != null;
    }

    /** A subscription to every event type, present and future. */
    public static EventSubscription all(String name, Function<EventEnvelope, Mono<Void>> handler) {
        return new EventSubscription(name, Set.of(ALL_TYPES), handler);
    }

    public boolean accepts(String type) {
        return types.contains(ALL_TYPES) || types.contains(type);
    }
}
