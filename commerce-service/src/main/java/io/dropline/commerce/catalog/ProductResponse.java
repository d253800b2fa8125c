package io.dropline.commerce.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.commerce.common.Amounts;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.money.Money;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A product as the Admin API shows it; {@code variants} and {@code mediaAssets} only when included. */
record ProductResponse(
        String id,
        String organizationId,
        String name,
        String description,
        String sku,
        Money price,
        String currencyCode,
        String status,
        JsonNode metadata,
        String url,
        String handle,
        String primarySyncSourceId,
        SyncRefView primarySyncSource,
        boolean archived,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<VariantResponse> variants,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<MediaAssetResponse> mediaAssets) {

    record SyncRefView(String syncSource, String syncSourceId) {
    }

    static ProductResponse from(ProductEntity entity) {
        return from(entity, null, null);
    }

    static ProductResponse from(ProductEntity entity, List<VariantResponse> variants, List<MediaAssetResponse> media) {
        return new ProductResponse(
                Ids.format(CatalogIds.PRODUCT, entity.id()),
                Ids.format("org", entity.organizationId()),
                entity.name(),
                entity.description(),
                entity.sku(),
                Amounts.money(entity.price()),
                entity.currencyCode(),
                entity.status(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.url(),
                entity.handle(),
                entity.primarySyncSourceId() == null ? null : Ids.format(CatalogIds.SYNC_SOURCE, entity.primarySyncSourceId()),
                entity.syncSource() == null ? null : new SyncRefView(entity.syncSource(), entity.syncSourceId()),
                entity.archived(),
                entity.createdAt(),
                entity.updatedAt(),
                variants,
                media);
    }
}
