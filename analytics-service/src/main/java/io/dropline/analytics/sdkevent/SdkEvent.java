package io.dropline.analytics.sdkevent;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * One validated SDK event in canonical form: aliases resolved ({@code selector_found} → {@code selector_resolved},
 * {@code selector_not_found} → {@code selector_failed} with reason {@code not_found}), {@code occurred_at} in UTC
 * at the database's microsecond precision, {@code properties} never null.
 */
record SdkEvent(
        String eventId,
        String type,
        String itemType,
        String itemId,
        Integer version,
        String stepId,
        Integer stepIndex,
        String url,
        Instant occurredAt,
        ObjectNode properties) {
}
