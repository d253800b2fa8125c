package io.dropline.commerce.order;

import static io.dropline.commerce.common.Sql.SCOPE;
import static io.dropline.commerce.common.Sql.nullable;
import static io.dropline.commerce.common.Sql.scoped;

import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for orders and their items. Lifecycle steps are conditional on the state they leave, so each happens once. */
@Repository
class OrderRepository {

    static final KeysetList<OrderEntity> LIST = KeysetList.<OrderEntity>builder()
            .filter(ListFilter.createdBetween("created_at"))
            .filter(ListFilter.oneOf("status", List.of("CREATED", "COMPLETED", "CANCELLED", "REFUNDED"), "status"))
            .filter(ListFilter.id("consumerId", "cons", "consumer_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.of(List.of("externalId"), (params, errors) -> params.get("externalId"),
                    external -> external == null ? List.of() : List.of(new ListFilter.Condition("external_id = :externalId", "externalId", external)),
                    external -> List.of(String.valueOf(external))))
            .sortBy("createdAt", KeyColumn.instant("created_at", OrderEntity::createdAt))
            .sortBy("amount", KeyColumn.decimal("amount", OrderEntity::amount))
            .tieBreaker(KeyColumn.uuid("id", OrderEntity::id))
            .build();

    private final DatabaseClient db;

    OrderRepository(DatabaseClient db) {
        this.db = db;
    }

    /** What a new order holds. */
    record NewOrder(UUID id, String externalId, String status, UUID consumerId, UUID experienceId, UUID sequenceId,
            String distributionType, String distributionId, UUID admissionGrantId, BigDecimal amount, String currencyCode,
            String metadataJson, Instant deadline) {
    }

    /** Inserts the order, or nothing when the tenant already has an order with this external id (empty then). */
    Mono<OrderEntity> insert(InternalContext context, NewOrder order, Instant now) {
        var spec = scoped(db.sql("INSERT INTO orders (id, organization_id, environment, external_id, status, consumer_id, experience_id, "
                        + "sequence_id, distribution_type, distribution_id, admission_grant_id, amount, currency_code, metadata, deadline, "
                        + "created_at, updated_at, completed_at) VALUES (:id, :org, :env, :externalId, :status, :consumer, :experience, "
                        + ":sequence, :distributionType, :distributionId, :grant, :amount, :currency, :metadata::jsonb, :deadline, :now, :now, "
                        + "CASE WHEN :status = 'COMPLETED' THEN CAST(:now AS timestamptz) END) "
                        + "ON CONFLICT (organization_id, environment, external_id) WHERE external_id IS NOT NULL DO NOTHING "
                        + "RETURNING " + OrderEntity.COLUMNS), context)
                .bind("id", order.id()).bind("status", order.status()).bind("amount", order.amount())
                .bind("currency", order.currencyCode()).bind("now", now);
        spec = nullable(spec, "externalId", order.externalId(), String.class);
        spec = nullable(spec, "consumer", order.consumerId(), UUID.class);
        spec = nullable(spec, "experience", order.experienceId(), UUID.class);
        spec = nullable(spec, "sequence", order.sequenceId(), UUID.class);
        spec = nullable(spec, "distributionType", order.distributionType(), String.class);
        spec = nullable(spec, "distributionId", order.distributionId(), String.class);
        spec = nullable(spec, "grant", order.admissionGrantId(), UUID.class);
        spec = nullable(spec, "metadata", order.metadataJson(), String.class);
        spec = nullable(spec, "deadline", order.deadline(), Instant.class);
        return spec.map(OrderEntity::from).one();
    }

    Mono<Void> insertItems(List<OrderItem> items) {
        if (items.isEmpty()) {
            return Mono.empty();
        }
        int n = items.size();
        UUID[] orders = new UUID[n];
        Integer[] positions = new Integer[n];
        UUID[] products = new UUID[n];
        UUID[] variants = new UUID[n];
        Integer[] quantities = new Integer[n];
        BigDecimal[] prices = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            OrderItem item = items.get(i);
            orders[i] = item.orderId();
            positions[i] = item.position();
            products[i] = item.productId();
            variants[i] = item.variantId();
            quantities[i] = item.quantity();
            prices[i] = item.price();
        }
        return db.sql("INSERT INTO order_items (order_id, position, product_id, variant_id, quantity, price) "
                        + "SELECT * FROM unnest(:orders::uuid[], :positions::int[], :products::uuid[], :variants::uuid[], :quantities::int[], "
                        + ":prices::numeric[])")
                .bind("orders", orders).bind("positions", positions).bind("products", products).bind("variants", variants)
                .bind("quantities", quantities).bind("prices", prices)
                .then();
    }

    Mono<OrderEntity> find(InternalContext context, UUID id) {
        return scoped(db.sql("SELECT " + OrderEntity.COLUMNS + " FROM orders WHERE id = :id AND " + SCOPE), context)
                .bind("id", id).map(OrderEntity::from).one();
    }

    Mono<OrderEntity> findByExternalId(InternalContext context, String externalId) {
        return scoped(db.sql("SELECT " + OrderEntity.COLUMNS + " FROM orders WHERE external_id = :external AND " + SCOPE), context)
                .bind("external", externalId).map(OrderEntity::from).one();
    }

    Mono<OrderEntity> findLiveByGrant(InternalContext context, UUID grant) {
        return scoped(db.sql("SELECT " + OrderEntity.COLUMNS + " FROM orders WHERE admission_grant_id = :grant "
                        + "AND status IN ('CREATED', 'COMPLETED') AND " + SCOPE), context)
                .bind("grant", grant).map(OrderEntity::from).one();
    }

    Flux<OrderItem> items(Collection<UUID> orders) {
        return db.sql("SELECT order_id, position, product_id, variant_id, quantity, price FROM order_items WHERE order_id = ANY(:orders) "
                        + "ORDER BY order_id, position")
                .bind("orders", orders.toArray(UUID[]::new)).map(OrderItem::from).all();
    }

    /**
     * One lifecycle step, only from {@code from}: empty when the order is not in that state any more (another request
     * or the sweep got there first), so the step and its event happen once.
     */
    Mono<OrderEntity> transition(UUID id, UUID org, String env, String from, String to, String reason, Instant now) {
        var spec = db.sql("UPDATE orders SET status = :to, updated_at = :now, "
                        + "completed_at = CASE WHEN :to = 'COMPLETED' THEN CAST(:now AS timestamptz) ELSE completed_at END, "
                        + "cancelled_at = CASE WHEN :to = 'CANCELLED' THEN CAST(:now AS timestamptz) ELSE cancelled_at END, "
                        + "refunded_at = CASE WHEN :to = 'REFUNDED' THEN CAST(:now AS timestamptz) ELSE refunded_at END, "
                        + "cancel_reason = CASE WHEN :to = 'CANCELLED' THEN :reason ELSE cancel_reason END "
                        + "WHERE id = :id AND organization_id = :org AND environment = :env AND status = :from RETURNING " + OrderEntity.COLUMNS)
                .bind("id", id).bind("org", org).bind("env", env).bind("from", from).bind("to", to).bind("now", now);
        spec = nullable(spec, "reason", reason, String.class);
        return spec.map(OrderEntity::from).one();
    }

    Mono<OrderEntity> updateDetails(InternalContext context, UUID id, Tristate<String> externalId, Tristate<String> metadataJson, Instant now) {
        var spec = scoped(db.sql("UPDATE orders SET external_id = CASE WHEN :setExternal THEN :external ELSE external_id END, "
                        + "metadata = CASE WHEN :setMetadata THEN :metadata::jsonb ELSE metadata END, updated_at = :now "
                        + "WHERE id = :id AND " + SCOPE + " RETURNING " + OrderEntity.COLUMNS), context)
                .bind("id", id).bind("now", now).bind("setExternal", externalId.present()).bind("setMetadata", metadataJson.present());
        spec = nullable(spec, "external", externalId.value(), String.class);
        spec = nullable(spec, "metadata", metadataJson.value(), String.class);
        return spec.map(OrderEntity::from).one();
    }

    /** Notes that the grant's completion is being asked for; answers whether it had been asked for before. */
    Mono<Boolean> markGrantCompletionRequested(UUID id, Instant now) {
        return db.sql("UPDATE orders o SET grant_completion_requested_at = coalesce(o.grant_completion_requested_at, :now) "
                        + "FROM (SELECT grant_completion_requested_at AS before FROM orders WHERE id = :id) b WHERE o.id = :id "
                        + "RETURNING b.before IS NOT NULL AS asked")
                .bind("id", id).bind("now", now).map(row -> Boolean.TRUE.equals(row.get("asked", Boolean.class))).one()
                .defaultIfEmpty(false);
    }

    Mono<OrderEntity> archive(InternalContext context, UUID id, Instant now) {
        return scoped(db.sql("UPDATE orders SET archived = true, updated_at = :now WHERE id = :id AND " + SCOPE
                        + " RETURNING " + OrderEntity.COLUMNS), context)
                .bind("id", id).bind("now", now).map(OrderEntity::from).one();
    }

    Flux<OrderEntity> page(InternalContext context, Keyset<OrderEntity> keyset) {
        return keyset.bind(scoped(db.sql("SELECT " + OrderEntity.COLUMNS + " FROM orders WHERE " + SCOPE + " AND NOT archived" + keyset.sql()),
                        context))
                .map(OrderEntity::from).all();
    }

    /** Which of these variants (and products) are the tenant's: the ids found. */
    Flux<UUID> existingVariants(InternalContext context, Collection<UUID> variants) {
        return scoped(db.sql("SELECT id FROM variants WHERE id = ANY(:ids) AND " + SCOPE), context)
                .bind("ids", variants.toArray(UUID[]::new)).map(row -> row.get("id", UUID.class)).all();
    }

    Flux<UUID> existingProducts(InternalContext context, Collection<UUID> products) {
        return scoped(db.sql("SELECT id FROM products WHERE id = ANY(:ids) AND " + SCOPE), context)
                .bind("ids", products.toArray(UUID[]::new)).map(row -> row.get("id", UUID.class)).all();
    }

    /**
     * Live measure: orders pending now (on the partial index of pending orders), or those with an item of one
     * product or variant.
     */
    Mono<Long> pending(InternalContext context, UUID product, UUID variant) {
        if (product == null && variant == null) {
            return scoped(db.sql("SELECT count(*) AS n FROM orders WHERE status = 'CREATED' AND " + SCOPE), context)
                    .map(row -> row.get("n", Long.class)).one();
        }
        return scoped(db.sql("SELECT count(DISTINCT o.id) AS n FROM orders o JOIN order_items i ON i.order_id = o.id "
                        + "WHERE o.status = 'CREATED' AND o.organization_id = :org AND o.environment = :env AND "
                        + (variant != null ? "i.variant_id = :id" : "i.product_id = :id")), context)
                .bind("id", variant != null ? variant : product)
                .map(row -> row.get("n", Long.class)).one();
    }
}
