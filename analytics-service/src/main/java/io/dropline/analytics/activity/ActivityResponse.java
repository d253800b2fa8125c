package io.dropline.analytics.activity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One activity entry as the Spotlight Admin API shows it. */
record ActivityResponse(
        @JsonProperty("activity_id") String activityId,
        @JsonProperty("occurred_at") Instant occurredAt,
        Actor actor,
        String action,
        @JsonProperty("entity_type") String entityType,
        @JsonProperty("entity_id") String entityId,
        JsonNode before,
        JsonNode after,
        @JsonProperty("request_id") String requestId) {

    record Actor(String id, String type, @JsonProperty("key_id") String keyId) {
    }

    static ActivityResponse from(ActivityRecord entry) {
        return new ActivityResponse(activityId(entry.id()), entry.occurredAt(),
                new Actor(entry.actorId(), entry.actorType(), entry.actorKeyId()), entry.action(), entry.entityType(),
                entry.entityId(), snapshot(entry.before()), snapshot(entry.after()), entry.requestId());
    }

    /**
     * {@code act_} + 12 lower-case hex, the Spotlight id shape (api-decisions.md), derived from the event id so the
     * same write always shows the same activity id. A hash rather than a slice of the UUIDv7, whose leading bits
     * are a timestamp shared by every event of one millisecond.
     */
    static String activityId(UUID eventId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.toString().getBytes(StandardCharsets.US_ASCII));
            return "act_" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }

    private static JsonNode snapshot(String json) {
        return json == null ? null : JsonMapper.shared().readTree(json);
    }
}
