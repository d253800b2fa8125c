package io.dropline.commerce.catalog;

import io.dropline.contracts.context.InternalContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Group commit of reservations for one variant (ADR 0012). A flash sale sends every buyer to one row; one transaction
 * per buyer would queue them all on that row's lock and on the connection pool. Instead, on each instance, the asks
 * for one variant wait in a lane and run in batches, one batch at a time: the batch locks the row ({@code FOR
 * UPDATE}), hands out the units in arrival order, adds them to {@code inventory_reserved} and inserts the reservations,
 * and commits; only then is each ask answered. Across instances the row lock orders the batches, and the row's CHECK
 * backs the arithmetic, so committed + reserved never exceed the stock.
 */
@Component
class ReservationBatcher {

    static final int MAX_BATCH = 256;

    private final DatabaseClient db;
    private final TransactionalOperator transaction;
    private final Map<LaneKey, Lane> lanes = new ConcurrentHashMap<>();

    ReservationBatcher(DatabaseClient db, TransactionalOperator transaction) {
        this.db = db;
        this.transaction = transaction;
    }

    /** One tenant's variant: asks of different tenants never share a batch (each batch is scoped by its tenant). */
    private record LaneKey(UUID variant, UUID organization, String environment) {
    }

    private static final class Lane {
        final Queue<Ask> asks = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean();
    }

    /** The outcome of one ask: a reservation, too few units, or no such variant (of that product). */
    enum Result { RESERVED, SOLD_OUT, NOT_FOUND }

    record Ask(UUID product, int quantity, Instant expiresAt, UUID consumerId, UUID id, Instant now, MonoSink<Result> reply) {
    }

    Mono<Result> reserve(InternalContext context, UUID product, UUID variant, int quantity, Instant expiresAt, UUID consumerId, UUID id,
            Instant now) {
        LaneKey key = new LaneKey(variant, context.organizationId(), context.environment().wire());
        return Mono.create(reply -> {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            lane.asks.add(new Ask(product, quantity, expiresAt, consumerId, id, now, reply));
            drain(key, lane);
        });
    }

    /** Starts the next batch of a lane unless one is running; the running batch starts the next when it ends. */
    private void drain(LaneKey key, Lane lane) {
        if (!lane.running.compareAndSet(false, true)) {
            return;
        }
        List<Ask> batch = new ArrayList<>();
        for (Ask ask; batch.size() < MAX_BATCH && (ask = lane.asks.poll()) != null; ) {
            batch.add(ask);
        }
        if (batch.isEmpty()) {
            lane.running.set(false);
            // An ask added between the poll and the flag reset must not wait for the next one.
            if (!lane.asks.isEmpty()) {
                drain(key, lane);
            } else {
                // An idle lane leaves the map, so it holds only variants being reserved now. An ask that found the
                // lane just before is still drained by it (it runs its own queue); a new ask makes a new lane, whose
                // batches the row lock orders with this one's.
                lanes.remove(key, lane);
                if (!lane.asks.isEmpty()) {
                    drain(key, lane);
                }
            }
            return;
        }
        run(key, batch)
                .doFinally(signal -> {
                    lane.running.set(false);
                    drain(key, lane);
                })
                .subscribe(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).reply().success(results.get(i));
                    }
                }, failure -> batch.forEach(ask -> ask.reply().error(failure)));
    }

    /** One batch in one transaction: lock, allocate in arrival order, add to reserved, insert; answers per ask. */
    private Mono<List<Result>> run(LaneKey key, List<Ask> batch) {
        return db.sql("SELECT product_id, inventory_tracked, inventory_quantity - inventory_committed - inventory_reserved AS available "
                        + "FROM variants WHERE id = :variant AND organization_id = :org AND environment = :env AND NOT archived FOR UPDATE")
                .bind("variant", key.variant()).bind("org", key.organization()).bind("env", key.environment())
                .map(row -> new Object[] {row.get("product_id", UUID.class), row.get("inventory_tracked", Boolean.class),
                        row.get("available", Integer.class)})
                .one()
                .flatMap(row -> allocate(key, batch, (UUID) row[0], Boolean.TRUE.equals(row[1]), (Integer) row[2]))
                .defaultIfEmpty(batch.stream().map(ask -> Result.NOT_FOUND).toList())
                .as(transaction::transactional);
    }

    private Mono<List<Result>> allocate(LaneKey key, List<Ask> batch, UUID product, boolean tracked, int available) {
        List<Result> results = new ArrayList<>(batch.size());
        List<Ask> granted = new ArrayList<>();
        int left = available;
        int total = 0;
        for (Ask ask : batch) {
            if (ask.product() != null && !ask.product().equals(product)) {
                results.add(Result.NOT_FOUND);
            } else if (!tracked || ask.quantity() <= left) {
                results.add(Result.RESERVED);
                granted.add(ask);
                left -= tracked ? ask.quantity() : 0;
                total += ask.quantity();
            } else {
                results.add(Result.SOLD_OUT);
            }
        }
        if (granted.isEmpty()) {
            return Mono.just(results);
        }
        int n = granted.size();
        UUID[] ids = new UUID[n];
        Integer[] quantities = new Integer[n];
        UUID[] consumers = new UUID[n];
        Instant[] expires = new Instant[n];
        Instant[] created = new Instant[n];
        for (int i = 0; i < n; i++) {
            Ask ask = granted.get(i);
            ids[i] = ask.id();
            quantities[i] = ask.quantity();
            consumers[i] = ask.consumerId();
            expires[i] = ask.expiresAt();
            created[i] = ask.now();
        }
        return db.sql("UPDATE variants SET inventory_reserved = inventory_reserved + :total WHERE id = :variant")
                .bind("total", total).bind("variant", key.variant())
                .then()
                .then(db.sql("INSERT INTO reservations (id, organization_id, environment, variant_id, quantity, status, consumer_id, expires_at, "
                                + "created_at) SELECT r.id, :org, :env, :variant, r.q, 'HELD', r.consumer, r.expires_at, r.created_at "
                                + "FROM unnest(:ids::uuid[], :quantities::int[], :consumers::uuid[], :expires::timestamptz[], :created::timestamptz[]) "
                                + "AS r(id, q, consumer, expires_at, created_at)")
                        .bind("org", key.organization()).bind("env", key.environment()).bind("variant", key.variant())
                        .bind("ids", ids).bind("quantities", quantities).bind("consumers", consumers).bind("expires", expires)
                        .bind("created", created)
                        .then())
                .thenReturn(results);
    }
}
