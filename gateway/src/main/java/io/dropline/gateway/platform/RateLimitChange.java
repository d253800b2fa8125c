package io.dropline.gateway.platform;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * {@code PUT /platform/v1/organizations/{org}/rate-limits}: a partial change, category → new value. A number is a
 * per-minute figure (the category's default burst still caps the bucket when it is smaller), {@code {"perMinute",
 * "burst"}} sets both, {@code null} returns the category to its default; categories not named keep their value.
 * Read by hand, since the field names are the categories: every bad one is listed in one 400.
 *
 * @param set   the overrides to store, as the limiter reads them (an integer, or a map of perMinute and burst)
 * @param reset the categories to return to their default
 */
record RateLimitChange(Map<String, Object> set, Set<String> reset) {

    static final int MAX = 1_000_000_000;
    private static final int MAX_FIELD_NAME = 64;
    private static final String VALUE_RULE = "Must be a whole number from 1 to " + MAX
            + ", an object {\"perMinute\", \"burst\"} of such numbers (burst optional), or null for the default";

    static RateLimitChange read(JsonNode body, Set<String> categories) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("body", "Must be an object of rate-limit categories, e.g. {\"read\": 5000}");
        }
        Map<String, Object> set = new LinkedHashMap<>();
        Set<String> reset = new LinkedHashSet<>();
        List<FieldError> errors = new ArrayList<>();
        body.properties().forEach(field -> {
            String category = field.getKey();
            JsonNode value = field.getValue();
            if (!categories.contains(category)) {
                errors.add(new FieldError(shown(category), "Unknown rate-limit category: use one of "
                        + String.join(", ", new TreeSet<>(categories))));
            } else if (value.isNull()) {
                reset.add(category);
            } else if (isCount(value)) {
                set.put(category, value.intValue());
            } else if (value.isObject()) {
                readObject(category, value, set, errors);
            } else {
                errors.add(new FieldError(category, VALUE_RULE));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new RateLimitChange(set, reset);
    }

    private static void readObject(String category, JsonNode value, Map<String, Object> set, List<FieldError> errors) {
        List<FieldError> found = new ArrayList<>();
        value.properties().forEach(field -> {
            if (!field.getKey().equals("perMinute") && !field.getKey().equals("burst")) {
                found.add(new FieldError(category + "." + shown(field.getKey()), "Unknown field"));
            }
        });
        JsonNode perMinute = value.get("perMinute");
        JsonNode burst = value.get("burst");
        if (perMinute == null || !isCount(perMinute)) {
            found.add(new FieldError(category + ".perMinute", "Required: a whole number from 1 to " + MAX));
        }
        if (burst != null && !burst.isNull() && !isCount(burst)) {
            found.add(new FieldError(category + ".burst", "Must be a whole number from 1 to " + MAX + ", or null"));
        }
        if (!found.isEmpty()) {
            errors.addAll(found);
            return;
        }
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("perMinute", perMinute.intValue());
        if (burst != null && !burst.isNull()) {
            limit.put("burst", burst.intValue());
        }
        set.put(category, limit);
    }

    private static boolean isCount(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1 && value.intValue() <= MAX;
    }

    /** A client's field name as the error repeats it: bounded, so a huge name is not echoed back whole. */
    private static String shown(String name) {
        return name.length() <= MAX_FIELD_NAME ? name : name.substring(0, MAX_FIELD_NAME) + "…";
    }
}
