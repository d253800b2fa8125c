package io.dropline.commerce.catalog;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code product_media}: a media asset linked to a product at a position, for a purpose. */
record MediaEntity(UUID id, UUID productId, String url, String type, String altText, Integer width, Integer height, String purpose,
        int position, Instant createdAt) {

    static final String COLUMNS = "id, product_id, url, type, alt_text, width, height, purpose, position, created_at";

    static MediaEntity from(Readable row) {
        return new MediaEntity(row.get("id", UUID.class), row.get("product_id", UUID.class), row.get("url", String.class),
                row.get("type", String.class), row.get("alt_text", String.class), row.get("width", Integer.class),
                row.get("height", Integer.class), row.get("purpose", String.class), row.get("position", Integer.class),
                row.get("created_at", Instant.class));
    }
}
