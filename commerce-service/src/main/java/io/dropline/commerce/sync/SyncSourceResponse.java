package io.dropline.commerce.sync;

import io.dropline.contracts.id.Ids;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A sync source (reference §5.11) with its feed settings and the report of its last feed import. */
record SyncSourceResponse(String id, String organizationId, String syncSource, String syncSourceId, String syncStatus, Instant lastSyncedAt,
        JsonNode sourceData, String feedUrl, Integer syncIntervalSeconds, Instant nextSyncAt, JsonNode lastSyncReport, boolean archived,
        Instant createdAt, Instant updatedAt) {

    static SyncSourceResponse from(SyncSourceEntity entity) {
        return new SyncSourceResponse(Ids.format("sync", entity.id()), Ids.format("org", entity.organizationId()), entity.syncSource(),
                entity.syncSourceId(), entity.syncStatus(), entity.lastSyncedAt(), json(entity.sourceDataJson()), entity.feedUrl(),
                entity.syncIntervalSeconds(), entity.nextSyncAt(), json(entity.lastSyncReportJson()), entity.archived(),
                entity.createdAt(), entity.updatedAt());
    }

    private static JsonNode json(String text) {
        return text == null ? null : JsonMapper.shared().readTree(text);
    }
}
