package io.dropline.commerce.catalog;

import static io.dropline.commerce.common.Sql.SCOPE;
import static io.dropline.commerce.common.Sql.change;
import static io.dropline.commerce.common.Sql.nullable;
import static io.dropline.commerce.common.Sql.scoped;

import io.dropline.contracts.context.InternalContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for variants. Stock changes are single conditional statements, so they compose with concurrent reservations
 * on any replica; the table's CHECK refuses a change that would leave committed + reserved above the stock.
 */
@Repository
class VariantRepository {

    private static final String OF_PRODUCT = "product_id = :product AND " + SCOPE + " AND NOT archived";

    private final DatabaseClient db;

    VariantRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<VariantEntity> insert(InternalContext context, UUID product, UUID id, VariantFields.VariantWrite fields, Instant now) {
        GenericExecuteSpec spec = scoped(db.sql("INSERT INTO variants (id, organization_id, environment, product_id, name, sku, "
                        + "price, compare_at_price, currency_code, metadata, option_values, inventory_tracked, inventory_quantity, "
                        + "created_at, updated_at) VALUES (:id, :org, :env, :product, :name, :sku, :price, :compareAtPrice, "
                        + ":currencyCode, :metadata::jsonb, coalesce(:optionValues::jsonb, '[]'::jsonb), coalesce(:tracked, true), "
                        + "coalesce(:quantity, 0), :now, :now) RETURNING " + VariantEntity.COLUMNS), context)
                .bind("id", id).bind("product", product).bind("now", now);
        spec = nullable(spec, "name", fields.name().value(), String.class);
        spec = nullable(spec, "sku", fields.sku().value(), String.class);
        spec = nullable(spec, "price", fields.price().value(), BigDecimal.class);
        spec = nullable(spec, "compareAtPrice", fields.compareAtPrice().value(), BigDecimal.class);
        spec = nullable(spec, "currencyCode", fields.currencyCode().value(), String.class);
        spec = nullable(spec, "metadata", fields.metadataJson().value(), String.class);
        spec = nullable(spec, "optionValues", fields.optionValuesJson().value(), String.class);
        spec = nullable(spec, "tracked", fields.inventoryTracked().value(), Boolean.class);
        spec = nullable(spec, "quantity", fields.inventoryQuantity().value(), Integer.class);
        return spec.map(VariantEntity::from).one();
    }

    Mono<VariantEntity> update(InternalContext context, UUID product, UUID id, VariantFields.VariantWrite changes, Instant now) {
        GenericExecuteSpec spec = scoped(db.sql("UPDATE variants SET "
                        + "name = CASE WHEN :setName THEN :name ELSE name END, "
                        + "sku = CASE WHEN :setSku THEN :sku ELSE sku END, "
                        + "price = CASE WHEN :setPrice THEN :price ELSE price END, "
                        + "compare_at_price = CASE WHEN :setCompareAtPrice THEN :compareAtPrice ELSE compare_at_price END, "
                        + "currency_code = CASE WHEN :setCurrencyCode THEN :currencyCode ELSE currency_code END, "
                        + "metadata = CASE WHEN :setMetadata THEN :metadata::jsonb ELSE metadata END, "
                        + "option_values = CASE WHEN :setOptionValues THEN :optionValues::jsonb ELSE option_values END, "
                        + "inventory_tracked = CASE WHEN :setTracked THEN :tracked ELSE inventory_tracked END, "
                        + "inventory_quantity = CASE WHEN :setQuantity THEN :quantity ELSE inventory_quantity END, "
                        + "updated_at = :now WHERE id = :id AND " + OF_PRODUCT + " RETURNING " + VariantEntity.COLUMNS), context)
                .bind("id", id).bind("product", product).bind("now", now);
        spec = change(spec, "name", changes.name(), String.class);
        spec = change(spec, "sku", changes.sku(), String.class);
        spec = change(spec, "price", changes.price(), BigDecimal.class);
        spec = change(spec, "compareAtPrice", changes.compareAtPrice(), BigDecimal.class);
        spec = change(spec, "currencyCode", changes.currencyCode(), String.class);
        spec = change(spec, "metadata", changes.metadataJson(), String.class);
        spec = change(spec, "optionValues", changes.optionValuesJson(), String.class);
        spec = change(spec, "tracked", changes.inventoryTracked(), Boolean.class);
        spec = change(spec, "quantity", changes.inventoryQuantity(), Integer.class);
        return spec.map(VariantEntity::from).one();
    }

    /**
     * A relative or absolute stock change in one statement. A decrease below committed + reserved violates the
     * table's CHECK (23514), which the service answers as 409 {@code INSUFFICIENT_INVENTORY}.
     */
    Mono<VariantEntity> adjust(InternalContext context, UUID product, UUID id, Integer adjustment, Integer quantity, Boolean tracked,
            Instant now) {
        GenericExecuteSpec spec = scoped(db.sql("UPDATE variants SET "
                        + "inventory_quantity = CASE WHEN :quantity IS NOT NULL THEN :quantity "
                        + "WHEN :adjustment IS NOT NULL THEN inventory_quantity + :adjustment ELSE inventory_quantity END, "
                        + "inventory_tracked = coalesce(:tracked, inventory_tracked), updated_at = :now "
                        + "WHERE id = :id AND " + OF_PRODUCT + " RETURNING " + VariantEntity.COLUMNS), context)
                .bind("id", id).bind("product", product).bind("now", now);
        spec = nullable(spec, "adjustment", adjustment, Integer.class);
        spec = nullable(spec, "quantity", quantity, Integer.class);
        spec = nullable(spec, "tracked", tracked, Boolean.class);
        return spec.map(VariantEntity::from).one();
    }

    /** Archive: reservations and orders keep naming it; it leaves the product's lists and cannot be reserved. */
    Mono<VariantEntity> archive(InternalContext context, UUID product, UUID id, Instant now) {
        return scoped(db.sql("UPDATE variants SET archived = true, sku = NULL, updated_at = :now WHERE id = :id AND " + OF_PRODUCT
                        + " RETURNING " + VariantEntity.COLUMNS), context)
                .bind("id", id).bind("product", product).bind("now", now).map(VariantEntity::from).one();
    }

    Mono<VariantEntity> find(InternalContext context, UUID product, UUID id) {
        return scoped(db.sql("SELECT " + VariantEntity.COLUMNS + " FROM variants WHERE id = :id AND " + OF_PRODUCT), context)
                .bind("id", id).bind("product", product).map(VariantEntity::from).one();
    }

    Flux<VariantEntity> ofProduct(InternalContext context, UUID product, boolean availableOnly) {
        return scoped(db.sql("SELECT " + VariantEntity.COLUMNS + " FROM variants WHERE " + OF_PRODUCT
                        + (availableOnly ? " AND (NOT inventory_tracked OR inventory_quantity - inventory_committed - inventory_reserved > 0)" : "")
                        + " ORDER BY created_at, id"), context)
                .bind("product", product).map(VariantEntity::from).all();
    }

    Flux<VariantEntity> ofProducts(InternalContext context, Collection<UUID> products) {
        return scoped(db.sql("SELECT " + VariantEntity.COLUMNS + " FROM variants WHERE product_id = ANY(:products) AND " + SCOPE
                        + " AND NOT archived ORDER BY created_at, id"), context)
                .bind("products", products.toArray(UUID[]::new)).map(VariantEntity::from).all();
    }
}
