package io.dropline.consumer.order;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.money.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps each consumer's order aggregates from commerce-service's events: {@code order.completed} adds one order, its
 * amount and its completion time ({@code lastOrderAt} = the latest completion); {@code order.refunded} takes the order
 * and its amount back out. Created and cancelled orders never counted, so their events change nothing here. Each
 * event is applied in one statement that first records its id ({@code ON CONFLICT DO NOTHING}): a redelivery, or two
 * replicas handling the same entry at once, moves the aggregates once. Additions commute, so order of arrival does
 * not matter.
 */
@Component
class OrderAggregates {

    static final Set<String> TYPES = Set.of(EventTypes.ORDER_COMPLETED, EventTypes.ORDER_REFUNDED);
    private static final Logger log = LoggerFactory.getLogger(OrderAggregates.class);

    private final DatabaseClient db;
    private final Clock clock;

    OrderAggregates(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What one event does to its consumer's aggregates. */
    record Change(UUID eventId, UUID organizationId, String environment, UUID consumerId, String type, int orders, BigDecimal value,
            Instant orderAt) {
    }

    Mono<Void> apply(EventEnvelope event) {
        Optional<Change> change = changeOf(event);
        if (change.isEmpty()) {
            return Mono.empty();
        }
        Change c = change.get();
        var spec = db.sql("WITH receipt AS (INSERT INTO order_event_receipts (event_id, organization_id, environment, consumer_id, type, received_at) "
                        + "VALUES (:event, :org, :env, :consumer, :type, :now) ON CONFLICT (event_id) DO NOTHING RETURNING consumer_id) "
                        + "UPDATE consumers SET total_orders = total_orders + :orders, total_order_value = total_order_value + :value, "
                        + "last_order_at = CASE WHEN CAST(:at AS timestamptz) IS NULL THEN last_order_at "
                        + "ELSE greatest(coalesce(last_order_at, CAST(:at AS timestamptz)), CAST(:at AS timestamptz)) END "
                        + "WHERE id IN (SELECT consumer_id FROM receipt) AND organization_id = :org AND environment = :env")
                .bind("event", c.eventId()).bind("org", c.organizationId()).bind("env", c.environment()).bind("consumer", c.consumerId())
                .bind("type", c.type()).bind("now", clock.instant()).bind("orders", c.orders()).bind("value", c.value());
        spec = c.orderAt() == null ? spec.bindNull("at", Instant.class) : spec.bind("at", c.orderAt());
        return spec.fetch().rowsUpdated()
                .doOnNext(rows -> log.debug("Order event {} ({}) applied to {} consumer(s)", event.id(), event.type(), rows))
                .then();
    }

    /**
     * The change an event describes, or empty for one that can never change an aggregate (no consumer, malformed):
     * failing would only make the bus redeliver it until it gives up, so it is logged and acknowledged.
     */
    static Optional<Change> changeOf(EventEnvelope event) {
        Map<String, Object> data = event.data() == null ? Map.of() : event.data();
        Optional<UUID> id = Ids.parse("evt", event.id());
        Optional<UUID> org = Ids.parse("org", event.organizationId());
        Optional<UUID> consumer = data.get("consumerId") instanceof String text ? Ids.parse("cons", text) : Optional.empty();
        if (id.isEmpty() || org.isEmpty() || !Set.of("live", "test").contains(event.environment()) || !TYPES.contains(event.type())) {
            log.warn("Order event {} is malformed and was skipped", event.id());
            return Optional.empty();
        }
        if (consumer.isEmpty()) {
            return Optional.empty();
        }
        try {
            BigDecimal amount = Money.fromJson(data.get("amount")).amount();
            if (EventTypes.ORDER_COMPLETED.equals(event.type())) {
                Instant at = Instant.parse(String.valueOf(data.get("completedAt")));
                return Optional.of(new Change(id.get(), org.get(), event.environment(), consumer.get(), event.type(), 1, amount, at));
            }
            return Optional.of(new Change(id.get(), org.get(), event.environment(), consumer.get(), event.type(), -1, amount.negate(), null));
        } catch (RuntimeException malformed) {
            log.warn("Order event {} has a malformed amount or time and was skipped", event.id());
            return Optional.empty();
        }
    }
}
