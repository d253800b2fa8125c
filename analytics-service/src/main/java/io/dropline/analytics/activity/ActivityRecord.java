package io.dropline.analytics.activity;

import java.time.Instant;
import java.util.UUID;

/**
 * One activity entry as stored. {@code before} and {@code after} are JSON text (null when absent).
 */
record ActivityRecord(
        UUID id,
        UUID organizationId,
        String environment,
        Instant occurredAt,
        String actorId,
        String actorType,
        String actorKeyId,
        String action,
        String entityType,
        String entityId,
        String before,
        String after,
        String requestId) {
}
