package io.dropline.experiences.access.journey;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.experiences.access.queue.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The body of {@code POST /experiences/{id}/route}: {@code {accessCode?}}; the body itself is optional. */
record RouteRequest(String accessCode) {

    /** Longest access code an admin can set (the admin API's limit), so anything longer cannot match. */
    static final int MAX_CODE = 100;

    static RouteRequest parse(JsonNode body) {
        if (body == null || body.isMissingNode()) {
            return new RouteRequest(null);
        }
        List<FieldError> errors = new ArrayList<>();
        JsonFields fields = JsonFields.of(body, "", errors);
        fields.rejectUnknown(Set.of("accessCode"));
        String code = fields.text("accessCode", MAX_CODE).value();
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new RouteRequest(code);
    }
}
