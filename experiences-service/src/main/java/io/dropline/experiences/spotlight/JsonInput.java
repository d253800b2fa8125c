package io.dropline.experiences.spotlight;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict reading of request JSON trees. The first problem ends the request: the Spotlight error envelope carries
 * one message. Shape problems are 400, rule violations 422 (see {@link SpotlightErrors}).
 */
public final class JsonInput {

    private JsonInput() {
    }

    public static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    public static ObjectNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw SpotlightErrors.badRequest(path.isEmpty() ? "body" : path, "Must be an object");
        }
        return (ObjectNode) node;
    }

    public static void rejectUnknown(JsonNode node, Set<String> allowed, String path) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw SpotlightErrors.badRequest(path(path, name), "Unknown field");
            }
        }
    }

    /** A present, non-null field. */
    public static boolean has(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public static String requiredString(JsonNode node, String field, String path, int max) {
        if (!has(node, field)) {
            throw SpotlightErrors.badRequest(path(path, field), "Required");
        }
        return string(node.get(field), path(path, field), max);
    }

    /** Null when absent or JSON null. */
    public static String optionalString(JsonNode node, String field, String path, int max) {
        return has(node, field) ? string(node.get(field), path(path, field), max) : null;
    }

    public static String string(JsonNode value, String path, int max) {
        if (!value.isString()) {
            throw SpotlightErrors.badRequest(path, "Must be a string");
        }
        String text = value.stringValue();
        if (text.length() > max) {
            throw SpotlightErrors.unprocessable(path, "Must be at most " + max + " characters");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw SpotlightErrors.unprocessable(path, "Must not contain NUL characters");
        }
        return text;
    }

    public static String nonBlank(JsonNode node, String field, String path, int max) {
        String text = requiredString(node, field, path, max);
        if (text.isBlank()) {
            throw SpotlightErrors.unprocessable(path(path, field), "Must not be blank");
        }
        return text;
    }

    public static int integer(JsonNode value, String path, long min, long max) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw SpotlightErrors.badRequest(path, "Must be an integer");
        }
        long number = value.longValue();
        if (number < min || number > max) {
            throw SpotlightErrors.unprocessable(path, "Must be between " + min + " and " + max);
        }
        return (int) number;
    }

    public static double number(JsonNode value, String path, double min, double max) {
        if (!value.isNumber()) {
            throw SpotlightErrors.badRequest(path, "Must be a number");
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number) || number < min || number > max) {
            throw SpotlightErrors.unprocessable(path, "Must be between " + min + " and " + max);
        }
        return number;
    }

    /** False for an infinite or NaN floating-point number (a literal such as 1e400 parses to Infinity); JSON has neither. */
    public static boolean finite(JsonNode value) {
        return !(value.isDouble() || value.isFloat()) || Double.isFinite(value.doubleValue());
    }

    /**
     * Free-form JSON kept as given (stored as jsonb, compared as numbers): PostgreSQL refuses U+0000 in jsonb strings
     * and keys, and Infinity or NaN is neither JSON nor comparable, so either would only fail later, as a 500. 422
     * naming the first offender; the walk is bounded by the parser's nesting limit.
     */
    public static void portable(JsonNode value, String path) {
        if (value.isString() && value.stringValue().indexOf('\u0000') >= 0) {
            throw SpotlightErrors.unprocessable(path, "Must not contain NUL characters");
        }
        if (value.isNumber() && !finite(value)) {
            throw SpotlightErrors.unprocessable(path, "Must be a finite number");
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                portable(value.get(i), path + "[" + i + "]");
            }
        } else if (value.isObject()) {
            for (var entry : value.properties()) {
                if (entry.getKey().indexOf('\u0000') >= 0) {
                    throw SpotlightErrors.unprocessable(path, "Keys must not contain NUL characters");
                }
                portable(entry.getValue(), path(path, entry.getKey()));
            }
        }
    }

    public static boolean bool(JsonNode value, String path) {
        if (!value.isBoolean()) {
            throw SpotlightErrors.badRequest(path, "Must be a boolean");
        }
        return value.booleanValue();
    }

    public static String oneOf(JsonNode value, String path, Set<String> allowed) {
        String text = string(value, path, 64);
        if (!allowed.contains(text)) {
            throw SpotlightErrors.unprocessable(path, "Must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return text;
    }

    /** An ISO-8601 instant with an offset; null for JSON null. */
    public static Instant instant(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = string(value, path, 64);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException invalid) {
            throw SpotlightErrors.unprocessable(path, "Must be an ISO-8601 timestamp with an offset");
        }
    }
}
