package io.dropline.commerce.catalog;

import io.dropline.contracts.id.Ids;
import java.time.Instant;

/** The link record of reference §5.11 ({@code id, productId, mediaAssetId, purpose, position}) with the asset itself. */
record MediaAssetResponse(String id, String productId, String mediaAssetId, String purpose, int position, Asset mediaAsset,
        Instant createdAt) {

    record Asset(String id, String url, String type, String altText, Integer width, Integer height) {
    }

    static MediaAssetResponse from(MediaEntity entity) {
        String id = Ids.format(CatalogIds.MEDIA, entity.id());
        return new MediaAssetResponse(id, Ids.format(CatalogIds.PRODUCT, entity.productId()), id, entity.purpose(), entity.position(),
                new Asset(id, entity.url(), entity.type(), entity.altText(), entity.width(), entity.height()), entity.createdAt());
    }
}
