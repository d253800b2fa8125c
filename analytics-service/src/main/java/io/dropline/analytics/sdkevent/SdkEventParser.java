package io.dropline.analytics.sdkevent;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Judges one event of a batch. Everything wrong with it becomes a {@link RejectedEvent} (code and message), never an
 * exception that would fail the batch.
 */
final class SdkEventParser {

    /** How old an event may be: later than this, analytics and dismissal state have moved on. */
    static final Duration MAX_AGE = Duration.ofDays(7);
    /** How far ahead of our clock a browser's clock may run. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    static final int MAX_EVENT_ID_LENGTH = 64;
    static final int MAX_STEP_ID_LENGTH = 128;
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_PROPERTIES = 50;

    private static final Set<String> FIELDS = Set.of("event_id", "type", "occurred_at", "item_type", "item_id", "version",
            "step_id", "step_index", "url", "properties");
    private static final Set<String> TYPES = Set.of("impression", "tour_started", "step_viewed", "step_completed",
            "tour_completed", "dismissed", "cta_clicked", "selector_resolved", "selector_failed", "custom");
    private static final Map<String, String> ALIASES = Map.of("selector_found", "selector_resolved",
            "selector_not_found", "selector_failed");
    private static final Set<String> FAILURE_REASONS = Set.of("not_found", "not_visible", "multiple_matches", "timeout",
            "invalid_selector");
    private static final Pattern TOUR_ID = Pattern.compile("tour_[0-9a-f]{12}");
    private static final Pattern CONTENT_ID = Pattern.compile("cnt_[0-9a-f]{12}");

    private SdkEventParser() {
    }

    /** Either the event or why it was refused. */
    record Outcome(SdkEvent event, RejectedEvent rejection) {
    }

    static Outcome parse(int index, JsonNode node, Instant now) {
        try {
            return new Outcome(event(node, now), null);
        } catch (Refused refused) {
            return new Outcome(null, new RejectedEvent(index, refused.code, refused.getMessage()));
        }
    }

    private static SdkEvent event(JsonNode node, Instant now) {
        if (node == null || !node.isObject()) {
            throw new Refused(RejectedEvent.INVALID_EVENT, "An event is a JSON object");
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new Refused(RejectedEvent.INVALID_EVENT, "Unknown field " + printable(field));
            }
        }
        String eventId = plainText(node, "event_id", MAX_EVENT_ID_LENGTH, true);
        String type = type(node);
        String itemType = itemType(node);
        String itemId = itemId(node, itemType);
        Integer version = integer(node, "version", 1);
        String stepId = plainText(node, "step_id", MAX_STEP_ID_LENGTH, false);
        Integer stepIndex = integer(node, "step_index", 0);
        String url = plainText(node, "url", MAX_URL_LENGTH, false);
        Instant occurredAt = occurredAt(node, now);
        ObjectNode properties = properties(node);
        requireTypeFields(type, itemType, stepId);
        if ("selector_not_found".equals(text(node, "type"))) {
            properties.put("reason", "not_found");
        }
        requireSelectorFields(type, properties);
        return new SdkEvent(eventId, type, itemType, itemId, version, stepId, stepIndex, url, occurredAt, properties);
    }

    private static String type(JsonNode node) {
        String raw = text(node, "type");
        if (raw == null) {
            throw new Refused(RejectedEvent.MISSING_FIELD, "type is required");
        }
        String type = ALIASES.getOrDefault(raw, raw);
        if (!TYPES.contains(type)) {
            throw new Refused(RejectedEvent.UNKNOWN_TYPE, "Unknown event type " + printable(raw));
        }
        return type;
    }

    private static String itemType(JsonNode node) {
        String itemType = text(node, "item_type");
        if (itemType == null) {
            throw new Refused(RejectedEvent.MISSING_FIELD, "item_type is required");
        }
        if (!itemType.equals("tour") && !itemType.equals("content")) {
            throw new Refused(RejectedEvent.INVALID_FIELD, "item_type must be tour or content");
        }
        return itemType;
    }

    private static String itemId(JsonNode node, String itemType) {
        String itemId = text(node, "item_id");
        if (itemId == null) {
            throw new Refused(RejectedEvent.MISSING_FIELD, "item_id is required");
        }
        boolean tour = itemType.equals("tour");
        if (!(tour ? TOUR_ID : CONTENT_ID).matcher(itemId).matches()) {
            throw new Refused(RejectedEvent.INVALID_FIELD, "item_id must be " + (tour ? "tour_" : "cnt_")
                    + " followed by 12 lower-case hex characters");
        }
        return itemId;
    }

    private static Instant occurredAt(JsonNode node, Instant now) {
        String raw = text(node, "occurred_at");
        if (raw == null) {
            throw new Refused(RejectedEvent.MISSING_FIELD, "occurred_at is required");
        }
        Instant occurredAt;
        try {
            occurredAt = OffsetDateTime.parse(raw).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException invalid) {
            throw new Refused(RejectedEvent.INVALID_FIELD, "occurred_at must be an ISO-8601 date-time with an offset");
        }
        if (occurredAt.isBefore(now.minus(MAX_AGE)) || occurredAt.isAfter(now.plus(MAX_SKEW))) {
            throw new Refused(RejectedEvent.TIMESTAMP_OUT_OF_RANGE, "occurred_at must lie within the last 7 days "
                    + "(and at most 5 minutes ahead)");
        }
        return occurredAt;
    }

    private static ObjectNode properties(JsonNode node) {
        JsonNode properties = node.get("properties");
        if (properties == null || properties.isNull()) {
            return tools.jackson.databind.json.JsonMapper.shared().createObjectNode();
        }
        if (!properties.isObject()) {
            throw new Refused(RejectedEvent.INVALID_FIELD, "properties must be an object");
        }
        if (properties.size() > MAX_PROPERTIES) {
            throw new Refused(RejectedEvent.INVALID_FIELD, "properties has at most " + MAX_PROPERTIES + " keys");
        }
        if (containsNul(properties)) {
            // PostgreSQL's jsonb cannot hold U+0000; refusing it here keeps a client mistake from becoming a 500.
            throw new Refused(RejectedEvent.INVALID_FIELD, "properties must not contain U+0000");
        }
        return (ObjectNode) properties.deepCopy();
    }

    /** The fields an event type needs beyond the common ones. */
    private static void requireTypeFields(String type, String itemType, String stepId) {
        if ((type.equals("step_viewed") || type.equals("step_completed")) && stepId == null) {
            throw new Refused(RejectedEvent.MISSING_FIELD, "step_id is required for " + type);
        }
        if ((type.equals("tour_started") || type.equals("tour_completed")) && !itemType.equals("tour")) {
            throw new Refused(RejectedEvent.INVALID_FIELD, type + " needs item_type tour");
        }
    }

    /** Selector events feed selector health: the reason of a failure and the selector's strategy and value. */
    private static void requireSelectorFields(String type, ObjectNode properties) {
        if (!type.startsWith("selector_")) {
            return;
        }
        if (type.equals("selector_failed")) {
            JsonNode reason = properties.get("reason");
            if (reason == null || !reason.isString() || !FAILURE_REASONS.contains(reason.stringValue())) {
                throw new Refused(reason == null ? RejectedEvent.MISSING_FIELD : RejectedEvent.INVALID_FIELD,
                        "properties.reason must be one of invalid_selector, multiple_matches, not_found, not_visible, timeout");
            }
        }
        requireShortText(properties, "strategy", 64);
        requireShortText(properties, "value", 1024);
    }

    private static void requireShortText(ObjectNode properties, String name, int max) {
        JsonNode value = properties.get(name);
        if (value != null && !value.isNull() && (!value.isString() || value.stringValue().isEmpty()
                || value.stringValue().length() > max)) {
            throw new Refused(RejectedEvent.INVALID_FIELD, "properties." + name + " must be a string of 1 to " + max + " characters");
        }
    }

    /** A text field without control characters; absent (or null) is allowed unless required. */
    private static String plainText(JsonNode node, String name, int max, boolean required) {
        String value = text(node, name);
        if (value == null) {
            if (required) {
                throw new Refused(RejectedEvent.MISSING_FIELD, name + " is required");
            }
            return null;
        }
        if (value.isEmpty() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new Refused(RejectedEvent.INVALID_FIELD, name + " must be 1 to " + max + " characters without control characters");
        }
        return value;
    }

    /** A string field's value; null when absent or JSON null; refused when of another JSON type. */
    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new Refused(RejectedEvent.INVALID_FIELD, name + " must be a string");
        }
        return value.stringValue();
    }

    private static Integer integer(JsonNode node, String name, int min) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min) {
            throw new Refused(RejectedEvent.INVALID_FIELD, name + " must be an integer of at least " + min);
        }
        return value.intValue();
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isString()) {
            return node.stringValue().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().indexOf('\0') >= 0 || containsNul(entry.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (Iterator<JsonNode> elements = node.values().iterator(); elements.hasNext(); ) {
                if (containsNul(elements.next())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A client-supplied name for an error message: bounded and without control characters. */
    private static String printable(String raw) {
        String cut = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** A refusal of one event; cheap (no stack trace), since a hostile batch may hold a hundred of them. */
    private static final class Refused extends RuntimeException {

        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
