package io.dropline.contracts.event.bus;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.timer.Polling;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the service's {@code outbox} rows to the Redis Stream, oldest first, and marks them published.
 *
 * <p>Replica-safe (architecture.md, invariant 3): each pass claims its rows with {@code FOR UPDATE SKIP LOCKED} in
 * one transaction, so two replicas never publish the same row at the same time, and a replica that dies mid-pass
 * releases its rows (its transaction rolls back) for the next pass of any replica. Delivery is at least once: a
 * crash after XADD but before the commit publishes the rows again, which every consumer tolerates because it
 * deduplicates by event id.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
    };
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(5);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ReactiveStringRedisTemplate redis;
    private final String stream;
    private final EventBusProperties properties;
    private final Disposable.Composite running = Disposables.composite();
    private volatile boolean started;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, ReactiveStringRedisTemplate redis, String stream,
            EventBusProperties properties) {
        this.db = db;
        this.tx = tx;
        this.redis = redis;
        this.stream = stream;
        this.properties = properties;
    }

    /** Publishes everything unpublished now, batch after batch; the number of events published. */
    public Mono<Long> drain() {
        int batchSize = properties.relay().batchSize();
        return relayBatch()
                .expand(published -> published == batchSize ? relayBatch() : Mono.empty())
                .reduce(0L, Long::sum);
    }

    /** One transaction: claim a batch, append it to the stream in order, mark it published. */
    Mono<Integer> relayBatch() {
        return claimBatch()
                .collectList()
                .flatMap(batch -> batch.isEmpty() ? Mono.just(0)
                        : appendToStream(batch).then(markPublished(batch)).thenReturn(batch.size()))
                .as(tx::transactional);
    }

    private Flux<EventEnvelope> claimBatch() {
        return db.sql("SELECT id, type, organization_id, environment, aggregate_type, aggregate_id, payload::text AS payload, "
                        + "occurred_at, request_id, actor FROM outbox WHERE published_at IS NULL "
                        + "ORDER BY occurred_at, id LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("limit", properties.relay().batchSize())
                .map(OutboxRelay::envelope)
                .all();
    }

    private Mono<Void> appendToStream(List<EventEnvelope> batch) {
        XAddOptions trim = XAddOptions.maxlen(properties.streamMaxLength()).approximateTrimming(true);
        // One after another: the stream keeps the outbox's order, so a consumer sees a resource's facts in order.
        return Flux.fromIterable(batch)
                .concatMap(event -> redis.opsForStream().add(StreamRecords.newRecord()
                        .ofMap(Map.of("type", event.type(), "event", JsonMapper.shared().writeValueAsString(event)))
                        .withStreamKey(stream), trim))
                .then();
    }

    private Mono<Void> markPublished(List<EventEnvelope> batch) {
        UUID[] ids = batch.stream().map(e -> Ids.parse("evt", e.id()).orElseThrow()).toArray(UUID[]::new);
        return db.sql("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
                .bind("ids", ids)
                .then();
    }

    private static EventEnvelope envelope(Readable row) {
        return new EventEnvelope(
                Ids.format("evt", row.get("id", UUID.class)),
                row.get("type", String.class),
                Ids.format("org", row.get("organization_id", UUID.class)),
                row.get("environment", String.class),
                row.get("aggregate_type", String.class),
                row.get("aggregate_id", String.class),
                row.get("occurred_at", OffsetDateTime.class).toInstant(),
                row.get("request_id", String.class),
                row.get("actor", String.class),
                JsonMapper.shared().readValue(row.get("payload", String.class), DATA));
    }

    /** Published rows are kept for a while (to inspect), then deleted so the table stays small. */
    Mono<Long> deletePublished() {
        return db.sql("DELETE FROM outbox WHERE published_at < :before")
                .bind("before", Instant.now().minus(properties.relay().retention()))
                .fetch().rowsUpdated();
    }

    @Override
    public void start() {
        started = true;
        RedisConnections.warmUp(redis);
        // A failed pass marks nothing published: the next one retries the same rows.
        running.add(Polling.every(properties.relay().pollInterval(), this::drain,
                failure -> log.warn("Outbox relay pass failed; retrying: {}", failure.toString())));
        running.add(Polling.every(CLEANUP_INTERVAL, this::deletePublished,
                failure -> log.warn("Outbox clean-up failed; retrying: {}", failure.toString())));
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
}
