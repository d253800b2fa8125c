package io.dropline.contracts.event.bus;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.timer.Polling;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the event stream as this service's consumer group and hands each event to the matching
 * {@link EventSubscription}s, acknowledging it only after every one of them succeeded.
 *
 * <p>At least once: an entry whose handler failed, or whose consumer died before acknowledging it, stays pending
 * and is claimed again after {@code claimIdle} (by any replica), up to {@code maxDeliveries} deliveries. Polls
 * instead of a blocking XREADGROUP: a blocking read would hold the shared Lettuce connection that every other
 * Redis command of the service is multiplexed on.
 */
public class EventStreamConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStreamConsumer.class);

    private final ReactiveStringRedisTemplate redis;
    private final String stream;
    private final String group;
    private final Consumer consumer;
    private final List<EventSubscription> subscriptions;
    private final List<EventSubscription> batched;
    private final EventBusProperties.Consumer settings;
    private final Disposable.Composite running = Disposables.composite();
    private volatile boolean started;
    /** Whether the group is known to exist; reset after a failed read, since Redis may have lost it. */
    private volatile boolean groupReady;

    public EventStreamConsumer(ReactiveStringRedisTemplate redis, String stream, String group, String consumerName,
            List<EventSubscription> subscriptions, EventBusProperties.Consumer settings) {
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.consumer = Consumer.from(group, consumerName);
        this.subscriptions = List.copyOf(subscriptions);
        this.batched = this.subscriptions.stream().filter(EventSubscription::isBatched).toList();
        this.settings = settings;
    }

    /**
     * Creates the group (and the stream) if missing, reading from the stream's start: events published before this
     * service first ran are still delivered.
     */
    Mono<Void> ensureGroup() {
        if (groupReady) {
            return Mono.empty();
        }
        return redis.opsForStream().createGroup(stream, ReadOffset.from("0-0"), group)
                .onErrorResume(failure -> String.valueOf(failure.getMessage()).contains("BUSYGROUP")
                        || (failure.getCause() != null && String.valueOf(failure.getCause().getMessage()).contains("BUSYGROUP")),
                        exists -> Mono.just("OK"))
                .doOnSuccess(created -> groupReady = true)
                .then();
    }

    /** Handles everything new for this group now, batch after batch; the number of entries read. */
    public Mono<Long> drain() {
        return ensureGroup().then(readBatch()
                .expand(handled -> handled == settings.batchSize() ? readBatch() : Mono.empty())
                .reduce(0L, Long::sum))
                .doOnError(failure -> groupReady = false);
    }

    private Mono<Integer> readBatch() {
        return redis.opsForStream()
                .read(consumer, StreamReadOptions.empty().count(settings.batchSize()),
                        StreamOffset.create(stream, ReadOffset.lastConsumed()))
                // The whole reply first: handlers talk to Redis on the same connection, and with the reply still
                // being streamed to them under back-pressure their own commands' replies would queue behind it.
                .collectList()
                .flatMap(entries -> handleAll(entries).collectList()
                        .flatMap(this::acknowledge)
                        .then(Mono.just(entries.size())));
    }

    /**
     * One read's entries; emits the id of each entry dealt with (handled, or dropped), to be acknowledged together.
     * Without a batched subscription, each entry on its own, as always. With one, its batch handler first gets every
     * accepted event of the read in one call; then each entry gets its other (per-event) subscriptions. A failed
     * batch call falls back to entry by entry, the batch handler given a list of one, so only the failing event stays
     * pending.
     */
    private Flux<RecordId> handleAll(List<MapRecord<String, Object, Object>> entries) {
        if (batched.isEmpty() || entries.isEmpty()) {
            return Flux.fromIterable(entries).concatMap(this::handle);
        }
        List<EventEnvelope> events = new java.util.ArrayList<>();
        List<MapRecord<String, Object, Object>> readable = new java.util.ArrayList<>();
        List<MapRecord<String, Object, Object>> unreadable = new java.util.ArrayList<>();
        for (MapRecord<String, Object, Object> entry : entries) {
            EventEnvelope event = read(entry);
            if (event == null) {
                unreadable.add(entry);
            } else {
                events.add(event);
                readable.add(entry);
            }
        }
        Mono<Void> batches = Flux.fromIterable(batched)
                .concatMap(subscription -> {
                    List<EventEnvelope> accepted = events.stream().filter(event -> subscription.accepts(event.type())).toList();
                    return accepted.isEmpty() ? Mono.<Void>empty() : subscription.batchHandler().apply(accepted);
                })
                .then();
        Flux<RecordId> rest = Flux.range(0, readable.size())
                .concatMap(i -> handleParsed(readable.get(i), events.get(i), false));
        return Flux.fromIterable(unreadable).concatMap(this::handle)
                .concatWith(batches
                        .then(Mono.just(true))
                        .onErrorResume(failure -> {
                            log.warn("A batch of {} events failed in group {}; handling them one by one: {}", events.size(),
                                    group, failure.toString());
                            return Mono.just(false);
                        })
                        .flatMapMany(batchDone -> batchDone ? rest
                                : Flux.range(0, readable.size()).concatMap(i -> handleParsed(readable.get(i), events.get(i), true))));
    }

    private static EventEnvelope read(MapRecord<String, Object, Object> entry) {
        try {
            return JsonMapper.shared().readValue(String.valueOf(entry.getValue().get("event")), EventEnvelope.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * Claims entries other consumers (or this one) received but did not acknowledge within {@code claimIdle}, and
     * handles them again; an entry delivered {@code maxDeliveries} times is given up.
     */
    public Mono<Long> recoverPending() {
        return redis.opsForStream().pending(stream, group, Range.unbounded(), settings.batchSize())
                .flatMapMany(pending -> Flux.fromIterable(pending))
                .filter(message -> message.getElapsedTimeSinceLastDelivery().compareTo(settings.claimIdle()) >= 0)
                .concatMap(this::redeliver)
                .count();
    }

    private Mono<RecordId> redeliver(PendingMessage message) {
        if (message.getTotalDeliveryCount() >= settings.maxDeliveries()) {
            log.error("Giving up event stream entry {} after {} deliveries (group {})", message.getId(),
                    message.getTotalDeliveryCount(), group);
            return acknowledge(List.of(message.getId())).thenReturn(message.getId());
        }
        return redis.opsForStream().claim(stream, group, consumer.getName(), settings.claimIdle(), message.getId())
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::handle)
                .collectList()
                .flatMap(done -> acknowledge(done).then(Mono.justOrEmpty(done.stream().findFirst())));
    }

    /**
     * Every matching subscription, one after another. Emits the entry's id once it has been dealt with (handled or
     * dropped), nothing when it stays pending. An entry whose type (the stream field the relay writes beside the
     * event) no subscription of this group accepts is done without reading its event: most of a busy stream, for a
     * group that follows a few types (issue 16: every service's group saw every join's event).
     */
    private Mono<RecordId> handle(MapRecord<String, Object, Object> entry) {
        Object type = entry.getValue().get("type");
        if (type != null && subscriptions.stream().noneMatch(subscription -> subscription.accepts(String.valueOf(type)))) {
            return Mono.just(entry.getId());
        }
        EventEnvelope event;
        try {
            event = JsonMapper.shared().readValue(String.valueOf(entry.getValue().get("event")), EventEnvelope.class);
        } catch (RuntimeException unreadable) {
            log.error("Dropping unreadable event stream entry {}: {}", entry.getId(), unreadable.toString());
            return Mono.just(entry.getId());
        }
        return handleParsed(entry, event, true);
    }

    /** The entry's subscriptions (the batched ones too, with a list of one, unless {@code withBatched} is false). */
    private Mono<RecordId> handleParsed(MapRecord<String, Object, Object> entry, EventEnvelope event, boolean withBatched) {
        return Flux.fromIterable(subscriptions)
                .filter(subscription -> subscription.accepts(event.type()) && (withBatched || !subscription.isBatched()))
                .concatMap(subscription -> subscription.handler().apply(event))
                .then(Mono.just(entry.getId()))
                .onErrorResume(failure -> {
                    log.warn("Event {} ({}) failed in group {}; it stays pending and is retried: {}", event.id(),
                            event.type(), group, failure.toString());
                    return Mono.empty();
                });
    }

    /**
     * One XACK for every entry of a read that was dealt with, after all of them were: at least once still holds (an
     * entry is acknowledged only after its handlers succeeded), at one Redis command per read instead of per entry.
     */
    private Mono<Void> acknowledge(List<RecordId> ids) {
        return ids.isEmpty() ? Mono.empty() : redis.opsForStream().acknowledge(stream, group, ids.toArray(RecordId[]::new)).then();
    }

    @Override
    public void start() {
        started = true;
        RedisConnections.warmUp(redis);
        running.add(Polling.every(settings.pollInterval(), this::drain,
                failure -> log.warn("Event stream read failed (group {}); retrying: {}", group, failure.toString())));
        running.add(Polling.every(settings.claimIdle().dividedBy(2), this::recoverPending,
                failure -> log.warn("Event stream recovery failed (group {}); retrying: {}", group, failure.toString())));
    }

    @Override
    public void stop() {
        running.dispose();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    String group() {
        return group;
    }

}
