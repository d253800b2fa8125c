package io.dropline.commerce.catalog;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code variants}, inventory counters included. */
record VariantEntity(
        UUID id,
        UUID organizationId,
        UUID productId,
        String name,
        String sku,
        BigDecimal price,
        BigDecimal compareAtPrice,
        String currencyCode,
        String metadataJson,
        String optionValuesJson,
        boolean inventoryTracked,
        int inventoryQuantity,
        int inventoryCommitted,
        int inventoryReserved,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, product_id, name, sku, price, compare_at_price, currency_code, "
            + "metadata::text AS metadata, option_values::text AS option_values, inventory_tracked, inventory_quantity, "
            + "inventory_committed, inventory_reserved, created_at, updated_at";

    /** Units that can still be reserved; null when inventory is not tracked (unlimited). */
    Integer available() {
        return inventoryTracked ? inventoryQuantity - inventoryCommitted - inventoryReserved : null;
    }

    static VariantEntity from(Readable row) {
        return new VariantEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("product_id", UUID.class),
                row.get("name", String.class),
                row.get("sku", String.class),
                row.get("price", BigDecimal.class),
                row.get("compare_at_price", BigDecimal.class),
                row.get("currency_code", String.class),
                row.get("metadata", String.class),
                row.get("option_values", String.class),
                Boolean.TRUE.equals(row.get("inventory_tracked", Boolean.class)),
                row.get("inventory_quantity", Integer.class),
                row.get("inventory_committed", Integer.class),
                row.get("inventory_reserved", Integer.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
