package io.dropline.analytics.webhook;

import io.dropline.contracts.body.FieldRules.TextRule;
import io.dropline.contracts.error.FieldError;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The shared rules of the webhook bodies. */
final class WebhookRules {

    static final String EVENTS = "Must be an array of 1-50 event types such as \"queue.consumer.admitted\", or [\"*\"]";
    static final String ALL = "*";
    private static final String TYPE = "[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){1,4}";
    private static final int MAX_EVENTS = 50;

    private WebhookRules() {
    }

    /** A dotted event type name. */
    public static final class EventType implements TextRule {
        @Override
        public String problem(String text) {
            return text.matches(TYPE) ? null : "Must be an event type such as \"queue.consumer.admitted\"";
        }
    }

    /** An ISO-8601 instant with an offset. */
    public static final class Instant implements TextRule {
        @Override
        public String problem(String text) {
            try {
                java.time.OffsetDateTime.parse(text);
                return null;
            } catch (DateTimeParseException malformed) {
                return "Must be an ISO-8601 date-time with an offset, e.g. 2026-01-01T00:00:00Z";
            }
        }
    }

    /** The event types of {@code node} (distinct, in order), or null after adding the problem to {@code errors}. */
    static List<String> events(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_EVENTS) {
            errors.add(new FieldError(field, EVENTS));
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isString() || !(ALL.equals(item.asString()) || item.asString().matches(TYPE))) {
                errors.add(new FieldError(field, EVENTS));
                return null;
            }
            types.add(item.asString());
        }
        return new ArrayList<>(types);
    }
}
