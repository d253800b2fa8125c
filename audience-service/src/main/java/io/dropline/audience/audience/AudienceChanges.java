package io.dropline.audience.audience;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The writable fields of an audience as one request states them. On create an absent field takes its default
 * (name is required, type defaults to {@code STATIC}); on update an absent field is left unchanged and the type
 * cannot change. Every problem is collected with its field, so one 400 lists them all.
 */
record AudienceChanges(Change<String> name, Change<String> description, AudienceType type) {

    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    private static final Set<String> FIELDS = Set.of("name", "description", "type");

    static AudienceChanges forCreate(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = object(body, errors);
        if (node != null && !node.has("name")) {
            errors.add(new FieldError("name", "Required"));
        }
        AudienceChanges changes = node == null ? null
                : new AudienceChanges(name(node, errors), description(node, errors), type(node, errors));
        return valid(changes, errors);
    }

    static AudienceChanges forUpdate(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = object(body, errors);
        if (node != null && node.has("type")) {
            errors.add(new FieldError("type", "Cannot be changed after creation"));
        }
        AudienceChanges changes = node == null ? null
                : new AudienceChanges(name(node, errors), description(node, errors), null);
        return valid(changes, errors);
    }

    private static AudienceChanges valid(AudienceChanges changes, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return changes;
    }

    private static JsonNode object(JsonNode body, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("body", "Must be an object"));
            return null;
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "Unknown field"));
            }
        }
        return body;
    }

    private static Change<String> name(JsonNode node, List<FieldError> errors) {
        Change<String> name = text(node, "name", MAX_NAME, false, errors);
        if (name.present() && name.value() == null) {
            errors.add(new FieldError("name", "Required"));
            return Change.absent();
        }
        return name;
    }

    /** Descriptions may span lines; other control characters are refused. */
    private static Change<String> description(JsonNode node, List<FieldError> errors) {
        return text(node, "description", MAX_DESCRIPTION, true, errors);
    }

    private static AudienceType type(JsonNode node, List<FieldError> errors) {
        JsonNode value = node.get("type");
        if (value == null || value.isNull()) {
            return AudienceType.STATIC;
        }
        AudienceType type = value.isString() ? AudienceType.fromInput(value.stringValue()).orElse(null) : null;
        if (type == null) {
            errors.add(new FieldError("type", "Must be STATIC or STATIC_LIST (rule-based and synced audiences are not available yet)"));
        }
        return type;
    }

    /** A string field: absent, null (or blank: cleared), or a stripped value within bounds. */
    private static Change<String> text(JsonNode node, String field, int maxLength, boolean multiline,
            List<FieldError> errors) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return Change.of(null);
        }
        if (!value.isString()) {
            errors.add(new FieldError(field, "Must be a string"));
            return Change.absent();
        }
        String text = value.stringValue().strip();
        String problem = text.length() > maxLength ? "Must be at most " + maxLength + " characters"
                : hasControlCharacters(text, multiline) ? "Must not contain control characters"
                : null;
        if (problem != null) {
            errors.add(new FieldError(field, problem));
            return Change.absent();
        }
        return Change.of(text.isEmpty() ? null : text);
    }

    private static boolean hasControlCharacters(String text, boolean multiline) {
        return text.chars().anyMatch(c -> (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7F);
    }
}
