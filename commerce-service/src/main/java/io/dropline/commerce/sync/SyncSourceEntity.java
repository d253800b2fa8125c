package io.dropline.commerce.sync;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code sync_sources}. */
record SyncSourceEntity(UUID id, UUID organizationId, String environment, String syncSource, String syncSourceId, String syncStatus,
        Instant lastSyncedAt, String sourceDataJson, String feedUrl, Integer syncIntervalSeconds, Instant nextSyncAt,
        String lastSyncReportJson, boolean archived, Instant createdAt, Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, sync_source, sync_source_id, sync_status, last_synced_at, "
            + "source_data::text AS source_data, feed_url, sync_interval_seconds, next_sync_at, last_sync_report::text AS last_sync_report, "
            + "archived, created_at, updated_at";

    static SyncSourceEntity from(Readable row) {
        return new SyncSourceEntity(row.get("id", UUID.class), row.get("organization_id", UUID.class), row.get("environment", String.class),
                row.get("sync_source", String.class), row.get("sync_source_id", String.class), row.get("sync_status", String.class),
                row.get("last_synced_at", Instant.class), row.get("source_data", String.class), row.get("feed_url", String.class),
                row.get("sync_interval_seconds", Integer.class), row.get("next_sync_at", Instant.class),
                row.get("last_sync_report", String.class), Boolean.TRUE.equals(row.get("archived", Boolean.class)),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }
}
