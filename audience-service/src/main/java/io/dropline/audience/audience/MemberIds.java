package io.dropline.audience.audience;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST/DELETE /audiences/{id}/members}: {@code {"consumerIds": ["cons_…", …]}} with 1 to
 * {@value #MAX_IDS} well-formed consumer ids. Every bad id is reported with its index ({@code consumerIds[3]});
 * repeated ids count once.
 */
record MemberIds(List<UUID> consumerIds) {

    static final int MAX_IDS = 1000;
    private static final String FIELD = "consumerIds";

    static MemberIds parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("body", "Must be an object {\"consumerIds\": [...]}");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String field : body.propertyNames()) {
            if (!field.equals(FIELD)) {
                errors.add(new FieldError(field, "Unknown field"));
            }
        }
        JsonNode array = body.get(FIELD);
        if (array == null || !array.isArray()) {
            errors.add(new FieldError(FIELD, array == null ? "Required" : "Must be an array of consumer ids"));
        } else if (array.isEmpty() || array.size() > MAX_IDS) {
            errors.add(new FieldError(FIELD, "Must contain between 1 and " + MAX_IDS + " consumer ids"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            UUID id = item.isString() ? Ids.parse(AudienceIds.CONSUMER_PREFIX, item.stringValue()).orElse(null) : null;
            if (id == null) {
                errors.add(new FieldError(FIELD + "[" + i + "]", "Must be a consumer id (cons_…)"));
            } else {
                ids.add(id);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new MemberIds(List.copyOf(ids));
    }
}
