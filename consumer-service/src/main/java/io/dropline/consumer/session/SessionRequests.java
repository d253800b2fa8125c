package io.dropline.consumer.session;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The request bodies of the auth routes, read strictly from JSON trees: unknown fields, wrong types (a number
 * where a string belongs is not coerced), blank or oversized values → 400 with one detail per field.
 */
final class SessionRequests {

    /** {@code POST /auth/external/authorize}. */
    record Authorize(String provider, String issuer, String subject, String email, String name) {
    }

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");
    /** Secrets we issue are ~50 characters; anything much longer cannot be one and is not hashed. */
    private static final int MAX_SECRET = 512;

    private SessionRequests() {
    }

    static Authorize authorize(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = object(body, "body", Set.of("provider", "issuer", "subject", "claims"), errors);
        String provider = text(node, "", "provider", 100, true, errors);
        String issuer = text(node, "", "issuer", 2048, true, errors);
        String subject = text(node, "", "subject", 255, true, errors);
        String email = null;
        String name = null;
        if (node != null && node.has("claims") && !node.get("claims").isNull()) {
            JsonNode claims = object(node.get("claims"), "claims", Set.of("email", "name"), errors);
            email = text(claims, "claims.", "email", 254, false, errors);
            name = text(claims, "claims.", "name", 200, false, errors);
            if (email != null && !EMAIL.matcher(email).matches()) {
                errors.add(new FieldError("claims.email", "Must be an email address"));
            }
        }
        throwIfAny(errors);
        return new Authorize(provider, issuer, subject, email, name);
    }

    static String exchangeCode(JsonNode body) {
        return secret(body, "exchangeCode");
    }

    static String refreshToken(JsonNode body) {
        return secret(body, "refreshToken");
    }

    private static String secret(JsonNode body, String field) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = object(body, "body", Set.of(field), errors);
        String value = text(node, "", field, MAX_SECRET, true, errors);
        throwIfAny(errors);
        return value;
    }

    private static JsonNode object(JsonNode node, String field, Set<String> allowed, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(field, "Must be an object"));
            return null;
        }
        String prefix = "body".equals(field) ? "" : field + ".";
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(prefix + name, "Unknown field"));
            }
        }
        return node;
    }

    private static String text(JsonNode node, String prefix, String field, int maxLength, boolean required,
            List<FieldError> errors) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(prefix + field, "Required"));
            }
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(prefix + field, "Must be a string"));
            return null;
        }
        String text = value.stringValue();
        if (text.isBlank()) {
            errors.add(new FieldError(prefix + field, "Must not be blank"));
        } else if (text.length() > maxLength) {
            errors.add(new FieldError(prefix + field, "Must be at most " + maxLength + " characters"));
        } else if (!PRINTABLE.matcher(text).matches()) {
            errors.add(new FieldError(prefix + field, "Must not contain control characters"));
        }
        return text;
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
