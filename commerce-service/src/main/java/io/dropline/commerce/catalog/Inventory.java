package io.dropline.commerce.catalog;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Inventory that never oversells (ADR 0012). A variant's counters live on its row: available = quantity − committed −
 * reserved. Every change is one conditional SQL statement, so under any concurrency and any number of replicas
 * PostgreSQL's row lock orders the writers and re-checks the condition on the latest row: a reservation either takes
 * its units or finds too few and changes nothing. The table's CHECK backs the condition up.
 *
 * <p>A reservation takes units for a bounded time ({@code HELD}); completing its order commits them
 * ({@code COMMITTED}); a release or the expiry sweep gives them back ({@code RELEASED}, {@code EXPIRED}). Each
 * transition moves a reservation out of {@code HELD} exactly once ({@code WHERE status = 'HELD'}), so the counters
 * move once whatever runs twice.
 */
@Component
public class Inventory {

    public static final String SOLD_OUT = "SOLD_OUT";

    private final DatabaseClient db;
    private final ReservationBatcher batcher;

    Inventory(DatabaseClient db, ReservationBatcher batcher) {
        this.db = db;
        this.batcher = batcher;
    }

    /** A reservation as stored. */
    public record Reservation(UUID id, UUID variantId, UUID productId, int quantity, String status, UUID orderId, UUID consumerId,
            Instant expiresAt, Instant createdAt) {

        static final String COLUMNS = "r.id, r.variant_id, v.product_id, r.quantity, r.status, r.order_id, r.consumer_id, r.expires_at, r.created_at";

        static Reservation from(io.r2dbc.spi.Readable row) {
            return new Reservation(row.get("id", UUID.class), row.get("variant_id", UUID.class), row.get("product_id", UUID.class),
                    row.get("quantity", Integer.class), row.get("status", String.class), row.get("order_id", UUID.class),
                    row.get("consumer_id", UUID.class), row.get("expires_at", Instant.class), row.get("created_at", Instant.class));
        }
    }

    /**
     * Takes {@code quantity} units of a variant until {@code expiresAt}, through the variant's batcher (group commit;
     * answered only once the batch's transaction committed, so durable). Fails with 409 {@code SOLD_OUT} when too few
     * units are left, 404 when the variant is not the tenant's (or not of {@code product}, when given). Not part of a
     * caller's transaction: the checkout links the reservation to its order afterwards ({@link #attach}).
     */
    public Mono<Reservation> reserve(InternalContext context, UUID product, UUID variant, int quantity, Instant expiresAt,
            UUID consumerId, UUID reservationId, Instant now) {
        return batcher.reserve(context, product, variant, quantity, expiresAt, consumerId, reservationId, now)
                .flatMap(result -> switch (result) {
                    case RESERVED -> Mono.just(new Reservation(reservationId, variant, product, quantity, "HELD", null, consumerId, expiresAt, now));
                    case SOLD_OUT -> Mono.error(soldOut());
                    case NOT_FOUND -> Mono.error(CatalogIds.variantNotFound());
                });
    }

    /** Links a held reservation to the order it was taken for (in the order's transaction). */
    public Mono<Void> attach(UUID reservation, UUID order) {
        return db.sql("UPDATE reservations SET order_id = :order WHERE id = :id AND status = 'HELD'")
                .bind("order", order).bind("id", reservation)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(ApiException.conflict("The reservation expired before the order was made", "RESERVATION_EXPIRED")));
    }

    public static ApiException soldOut() {
        return ApiException.conflict("Sold out: not enough inventory left for this quantity", SOLD_OUT);
    }

    public Mono<Reservation> find(InternalContext context, UUID product, UUID variant, UUID id) {
        return db.sql("SELECT " + Reservation.COLUMNS + " FROM reservations r JOIN variants v ON v.id = r.variant_id "
                        + "WHERE r.id = :id AND r.variant_id = :variant AND v.product_id = :product "
                        + "AND r.organization_id = :org AND r.environment = :env")
                .bind("id", id).bind("variant", variant).bind("product", product)
                .bind("org", context.organizationId()).bind("env", context.environment().wire())
                .map(Reservation::from).one();
    }

    /** Gives one held reservation's units back; a reservation no longer held changes nothing (empty). */
    public Mono<UUID> release(InternalContext context, UUID reservation, Instant now) {
        return db.sql("WITH gone AS (UPDATE reservations SET status = 'RELEASED', resolved_at = :now WHERE id = :id "
                        + "AND organization_id = :org AND environment = :env AND status = 'HELD' RETURNING id, variant_id, quantity), "
                        + "back AS (UPDATE variants v SET inventory_reserved = v.inventory_reserved - gone.quantity FROM gone "
                        + "WHERE v.id = gone.variant_id) SELECT id FROM gone")
                .bind("id", reservation).bind("now", now)
                .bind("org", context.organizationId()).bind("env", context.environment().wire())
                .map(row -> row.get("id", UUID.class)).one();
    }

    /** Gives back every held reservation of an order (cancellation). Joins the caller's transaction. */
    public Mono<Long> releaseOrder(UUID order, String status, Instant now) {
        return db.sql("WITH gone AS (UPDATE reservations SET status = :status, resolved_at = :now WHERE order_id = :order "
                        + "AND status = 'HELD' RETURNING variant_id, quantity), "
                        + "per AS (SELECT variant_id, sum(quantity)::int AS q FROM gone GROUP BY variant_id) "
                        + "UPDATE variants v SET inventory_reserved = v.inventory_reserved - per.q FROM per WHERE v.id = per.variant_id")
                .bind("order", order).bind("status", status).bind("now", now)
                .fetch().rowsUpdated();
    }

    /**
     * Moves every held reservation of an order from reserved to committed (order completion). Answers how many
     * reservations moved; joins the caller's transaction.
     */
    public Mono<Integer> commitOrder(UUID order, Instant now) {
        return db.sql("WITH done AS (UPDATE reservations SET status = 'COMMITTED', resolved_at = :now WHERE order_id = :order "
                        + "AND status = 'HELD' RETURNING variant_id, quantity), "
                        + "per AS (SELECT variant_id, sum(quantity)::int AS q, count(*)::int AS n FROM done GROUP BY variant_id), "
                        + "moved AS (UPDATE variants v SET inventory_reserved = v.inventory_reserved - per.q, "
                        + "inventory_committed = v.inventory_committed + per.q FROM per WHERE v.id = per.variant_id) "
                        + "SELECT coalesce(sum(n), 0)::int AS n FROM per")
                .bind("order", order).bind("now", now)
                .map(row -> row.get("n", Integer.class)).one();
    }

    /**
     * Takes units straight into committed (a completion whose reservation had already expired): the same condition
     * as a reservation, so it can fail with {@code SOLD_OUT}. Joins the caller's transaction.
     */
    public Mono<Void> commitDirectly(UUID variant, int quantity) {
        return db.sql("UPDATE variants SET inventory_committed = inventory_committed + :q WHERE id = :variant "
                        + "AND (NOT inventory_tracked OR inventory_quantity - inventory_committed - inventory_reserved >= :q)")
                .bind("q", quantity).bind("variant", variant)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty() : Mono.error(soldOut()));
    }

    /** An order whose reservation the sweep expired: its tenant, for the order's cancellation. */
    public record ExpiredOrder(UUID orderId, UUID organizationId, String environment) {
    }

    /**
     * The expiry sweep's one step: claims up to {@code limit} due held reservations ({@code FOR UPDATE SKIP LOCKED},
     * so replicas sweeping at once never take the same row), marks them EXPIRED and gives their units back, in one
     * statement. Answers the orders they belonged to. Call inside a transaction.
     */
    public Flux<ExpiredOrder> expireDue(Instant now, int limit) {
        return db.sql("WITH due AS (SELECT id FROM reservations WHERE status = 'HELD' AND expires_at <= :now "
                        + "ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED), "
                        + "gone AS (UPDATE reservations r SET status = 'EXPIRED', resolved_at = :now FROM due WHERE r.id = due.id "
                        + "RETURNING r.variant_id, r.quantity, r.order_id, r.organization_id, r.environment), "
                        + "per AS (SELECT variant_id, sum(quantity)::int AS q FROM gone GROUP BY variant_id), "
                        + "back AS (UPDATE variants v SET inventory_reserved = v.inventory_reserved - per.q FROM per WHERE v.id = per.variant_id) "
                        + "SELECT DISTINCT order_id, organization_id, environment FROM gone WHERE order_id IS NOT NULL")
                .bind("now", now).bind("limit", limit)
                .map(row -> new ExpiredOrder(row.get("order_id", UUID.class), row.get("organization_id", UUID.class),
                        row.get("environment", String.class)))
                .all();
    }

    /** The held reservations of an order (to re-take units when they expired just before completion). */
    public Flux<Reservation> ofOrder(UUID order) {
        return db.sql("SELECT " + Reservation.COLUMNS + " FROM reservations r JOIN variants v ON v.id = r.variant_id WHERE r.order_id = :order")
                .bind("order", order).map(Reservation::from).all();
    }

    /** Live measures for analytics: units available now, summed over tracked variants (or one product/variant). */
    public Mono<Long> remaining(InternalContext context, UUID product, UUID variant) {
        var spec = db.sql("SELECT coalesce(sum(inventory_quantity - inventory_committed - inventory_reserved), 0)::bigint AS n "
                        + "FROM variants WHERE organization_id = :org AND environment = :env AND inventory_tracked AND NOT archived "
                        + "AND (CAST(:product AS uuid) IS NULL OR product_id = CAST(:product AS uuid)) "
                        + "AND (CAST(:variant AS uuid) IS NULL OR id = CAST(:variant AS uuid))")
                .bind("org", context.organizationId()).bind("env", context.environment().wire());
        spec = product == null ? spec.bindNull("product", UUID.class) : spec.bind("product", product);
        spec = variant == null ? spec.bindNull("variant", UUID.class) : spec.bind("variant", variant);
        return spec.map(row -> row.get("n", Long.class)).one();
    }

    /** Whether a product (and variant) is the tenant's, for the metrics' 404. */
    public Mono<Boolean> exists(InternalContext context, UUID product, UUID variant) {
        String sql = variant != null
                ? "SELECT 1 FROM variants WHERE id = :id AND organization_id = :org AND environment = :env"
                : "SELECT 1 FROM products WHERE id = :id AND organization_id = :org AND environment = :env";
        return db.sql(sql).bind("id", variant != null ? variant : product)
                .bind("org", context.organizationId()).bind("env", context.environment().wire())
                .map(row -> true).one().defaultIfEmpty(false);
    }

    /** What a checkout needs of a variant: its product and its price (the variant's, else the product's). */
    public record Quote(UUID productId, UUID variantId, java.math.BigDecimal price, String currencyCode) {
    }

    /** The tenant's live variant (of {@code product} when given); empty when there is none. */
    public Mono<Quote> quote(InternalContext context, UUID product, UUID variant) {
        var spec = db.sql("SELECT v.product_id, coalesce(v.price, p.price) AS price, coalesce(v.currency_code, p.currency_code) AS currency "
                        + "FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = :variant AND v.organization_id = :org "
                        + "AND v.environment = :env AND NOT v.archived AND NOT p.archived "
                        + "AND (CAST(:product AS uuid) IS NULL OR v.product_id = CAST(:product AS uuid))")
                .bind("variant", variant).bind("org", context.organizationId()).bind("env", context.environment().wire());
        spec = product == null ? spec.bindNull("product", UUID.class) : spec.bind("product", product);
        return spec.map(row -> new Quote(row.get("product_id", UUID.class), variant, row.get("price", java.math.BigDecimal.class),
                row.get("currency", String.class))).one();
    }

    static List<String> statuses() {
        return List.of("HELD", "COMMITTED", "RELEASED", "EXPIRED");
    }
}
