package io.dropline.commerce.catalog;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code products}, mapped by hand from SQL that states its columns. */
record ProductEntity(
        UUID id,
        UUID organizationId,
        String name,
        String description,
        String sku,
        BigDecimal price,
        String currencyCode,
        String status,
        String metadataJson,
        String url,
        String handle,
        String syncSource,
        String syncSourceId,
        UUID primarySyncSourceId,
        boolean archived,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, name, description, sku, price, currency_code, status, "
            + "metadata::text AS metadata, url, handle, sync_source, sync_source_id, primary_sync_source_id, archived, "
            + "created_at, updated_at";

    static ProductEntity from(Readable row) {
        return new ProductEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("name", String.class),
                row.get("description", String.class),
                row.get("sku", String.class),
                row.get("price", BigDecimal.class),
                row.get("currency_code", String.class),
                row.get("status", String.class),
                row.get("metadata", String.class),
                row.get("url", String.class),
                row.get("handle", String.class),
                row.get("sync_source", String.class),
                row.get("sync_source_id", String.class),
                row.get("primary_sync_source_id", UUID.class),
                Boolean.TRUE.equals(row.get("archived", Boolean.class)),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
