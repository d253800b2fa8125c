package io.dropline.consumer.consumer;

import io.dropline.contracts.error.FieldError;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writable fields of a consumer as one request states them. Create and update share it: on create an
 * absent field is null, on update it is left unchanged. Parsing collects every problem with its field path,
 * so one 400 lists them all (and a batch lists them per index).
 */
record ConsumerChanges(
        Change<String> email,
        Change<String> phone,
        Change<String> fullName,
        Change<String> metadataJson,
        Change<String> externalId) {

    private static final Set<String> FIELDS = Set.of("email", "phone", "fullName", "metadata", "externalId");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final int MAX_METADATA_CHARS = 16_384;

    /**
     * Reads the fields of {@code node}; {@code extraFields} may also appear (for example {@code id} in a batch
     * update) and are left to the caller. Problems go to {@code errors} with {@code prefix} before the field.
     */
    static ConsumerChanges parse(JsonNode node, String prefix, Set<String> extraFields, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix, "Must be an object"));
            return new ConsumerChanges(Change.absent(), Change.absent(), Change.absent(), Change.absent(), Change.absent());
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name) && !extraFields.contains(name)) {
                errors.add(new FieldError(path(prefix, name), "Unknown field"));
            }
        }
        return new ConsumerChanges(
                text(node, prefix, "email", 254, errors, ConsumerChanges::checkEmail),
                text(node, prefix, "phone", 16, errors, ConsumerChanges::checkPhone),
                text(node, prefix, "fullName", 200, errors, value -> null),
                metadata(node, prefix, errors),
                text(node, prefix, "externalId", 255, errors, value -> null));
    }

    private interface Check {
        /** The problem with a value, or null. */
        String problem(String value);
    }

    private static Change<String> text(JsonNode node, String prefix, String field, int maxLength,
            List<FieldError> errors, Check check) {
        if (!node.has(field)) {
            return Change.absent();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return Change.of(null);
        }
        if (!value.isString()) {
            errors.add(new FieldError(path(prefix, field), "Must be a string or null"));
            return Change.absent();
        }
        String text = value.stringValue().strip();
        String problem = text.length() > maxLength ? "Must be at most " + maxLength + " characters"
                : hasControlCharacters(text) ? "Must not contain control characters"
                : text.isEmpty() ? null
                : check.problem(text);
        if (problem != null) {
            errors.add(new FieldError(path(prefix, field), problem));
            return Change.absent();
        }
        return Change.of(text.isEmpty() ? null : text);
    }

    private static Change<String> metadata(JsonNode node, String prefix, List<FieldError> errors) {
        if (!node.has("metadata")) {
            return Change.absent();
        }
        JsonNode value = node.get("metadata");
        if (value.isNull()) {
            return Change.of(null);
        }
        if (!value.isObject()) {
            errors.add(new FieldError(path(prefix, "metadata"), "Must be an object or null"));
            return Change.absent();
        }
        String json = JsonMapper.shared().writeValueAsString(value);
        // PostgreSQL's jsonb cannot hold U+0000, so it is refused here rather than failing at insert time.
        if (json.length() > MAX_METADATA_CHARS || json.contains("\\u0000")) {
            errors.add(new FieldError(path(prefix, "metadata"),
                    json.length() > MAX_METADATA_CHARS ? "Must be at most " + MAX_METADATA_CHARS + " characters as JSON"
                            : "Must not contain U+0000"));
            return Change.absent();
        }
        return Change.of(json);
    }

    private static String checkEmail(String email) {
        return EMAIL.matcher(email).matches() ? null : "Must be a valid email address";
    }

    private static String checkPhone(String phone) {
        return E164.matcher(phone).matches() ? null : "Must be in E.164 format, e.g. +14155550123";
    }

    private static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
    }

    static String path(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }
}
