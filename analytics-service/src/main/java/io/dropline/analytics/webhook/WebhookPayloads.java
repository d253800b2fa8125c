package io.dropline.analytics.webhook;

import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery body (reference §10.2): {@code {id, type, timestamp, organizationId, data}}. The id is {@code whk_} +
 * the event's uuid, the same for every retry and every endpoint, so a receiver deduplicates on it. Built once when
 * the delivery is created and sent byte for byte on every attempt (the signature covers those exact bytes).
 */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    static String body(UUID eventId, String type, Instant occurredAt, UUID organizationId, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", Ids.format("whk", eventId));
        body.put("type", type);
        body.put("timestamp", occurredAt.toString());
        body.put("organizationId", Ids.format("org", organizationId));
        body.put("data", data == null ? Map.of() : data);
        return JsonMapper.shared().writeValueAsString(body);
    }
}
