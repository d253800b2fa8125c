package io.dropline.commerce.catalog;

import io.dropline.commerce.common.Amounts;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.money.Money;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A variant as the Admin API shows it. {@code inventoryAvailable} = quantity − committed − reserved (null when
 * inventory is not tracked: unlimited).
 */
record VariantResponse(
        String id,
        String productId,
        String name,
        String sku,
        Money price,
        Money compareAtPrice,
        String currencyCode,
        JsonNode optionValues,
        JsonNode metadata,
        boolean inventoryTracked,
        int inventoryQuantity,
        int inventoryCommitted,
        int inventoryReserved,
        Integer inventoryAvailable,
        Instant createdAt,
        Instant updatedAt) {

    static VariantResponse from(VariantEntity entity) {
        return new VariantResponse(
                Ids.format(CatalogIds.VARIANT, entity.id()),
                Ids.format(CatalogIds.PRODUCT, entity.productId()),
                entity.name(),
                entity.sku(),
                Amounts.money(entity.price()),
                Amounts.money(entity.compareAtPrice()),
                entity.currencyCode(),
                JsonMapper.shared().readTree(entity.optionValuesJson()),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.inventoryTracked(),
                entity.inventoryQuantity(),
                entity.inventoryCommitted(),
                entity.inventoryReserved(),
                entity.available(),
                entity.createdAt(),
                entity.updatedAt());
    }
}
