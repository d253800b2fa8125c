package io.dropline.commerce.order;

import io.dropline.commerce.catalog.Inventory;
import io.dropline.commerce.config.CommerceProperties;
import io.dropline.contracts.timer.Polling;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Gives expired reservations' units back, on every replica, safely: each pass runs in one transaction that claims due
 * reservations {@code FOR UPDATE SKIP LOCKED} (two replicas never take the same row; a replica that dies mid-pass
 * rolls back and the rows are due again), returns their units, and cancels their pending orders (reason
 * {@code expired}) with {@code order.cancelled}. Each reservation leaves HELD once, so its units come back once.
 */
@Component
class ReservationSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweep.class);

    private final Inventory inventory;
    private final OrderService orders;
    private final TransactionalOperator transaction;
    private final CommerceProperties properties;
    private final Clock clock;
    private final AtomicLong lastWarning = new AtomicLong();
    private volatile Disposable ticking;

    ReservationSweep(Inventory inventory, OrderService orders, TransactionalOperator transaction, CommerceProperties properties, Clock clock) {
        this.inventory = inventory;
        this.orders = orders;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pass: expire what is due (up to the batch size), cancel the orders they held units for. */
    Mono<Void> sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return inventory.expireDue(now, properties.sweepBatch())
                .concatMap(orders::cancelExpired)
                .then()
                .as(transaction::transactional);
    }

    @Override
    public void start() {
        ticking = Polling.every(properties.sweepInterval(), this::sweep, this::warn);
    }

    @Override
    public void stop() {
        if (ticking != null) {
            ticking.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return ticking != null && !ticking.isDisposed();
    }

    private void warn(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > 10_000 && lastWarning.compareAndSet(last, now)) {
            log.warn("Reservation sweep failed; trying again next tick: {}", failure.toString());
        }
    }
}
