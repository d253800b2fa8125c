package io.dropline.analytics.store;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A domain event as the store keeps it: the envelope's uuid, tenant, environment, type, time and data. */
public record StoredEvent(UUID id, UUID organizationId, String environment, String type, Instant occurredAt,
        String aggregateType, String aggregateId, Map<String, Object> data) {
}
