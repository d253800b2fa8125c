package io.dropline.experiences.access.sequence;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.PageRequest;
import io.dropline.contracts.web.QueryParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/** A validated {@code GET /sequences} request: filters, order (by creation, the id breaking ties) and page. */
record SequenceQuery(UUID experienceId, Instant createdAfter, Instant createdBefore, boolean ascending, PageRequest page) {

    private static final Set<String> PARAMETERS = Set.of("first", "after", "last", "before", "sortBy", "sortDir",
            "createdAfter", "createdBefore", "experienceId");

    static SequenceQuery parse(MultiValueMap<String, String> raw) {
        QueryParams params = QueryParams.only(raw, PARAMETERS);
        List<FieldError> errors = new ArrayList<>();
        UUID experienceId = null;
        if (params.get("experienceId") != null) {
            experienceId = Ids.parse("exp", params.get("experienceId")).orElse(null);
            if (experienceId == null) {
                errors.add(new FieldError("experienceId", "Must be an id of the form exp_…"));
            }
        }
        Instant after = params.instant("createdAfter", errors);
        Instant before = params.instant("createdBefore", errors);
        if (after != null && before != null && !after.isBefore(before)) {
            errors.add(new FieldError("createdBefore", "Must be later than createdAfter"));
        }
        if (params.get("sortBy") != null && !params.get("sortBy").equals("createdAt")) {
            errors.add(new FieldError("sortBy", "Must be createdAt"));
        }
        String direction = params.get("sortDir") == null ? "desc" : params.get("sortDir");
        if (!direction.equals("asc") && !direction.equals("desc")) {
            errors.add(new FieldError("sortDir", "Must be asc or desc"));
        }
        PageRequest page = null;
        try {
            page = PageRequest.of(params.get("first"), params.get("after"), params.get("last"), params.get("before"));
        } catch (ApiException invalidPage) {
            errors.addAll(invalidPage.details());
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new SequenceQuery(experienceId, after, before, direction.equals("asc"), page);
    }

    /** A cursor is bound to the tenant, the filters and the order: replayed elsewhere it answers 400. */
    String cursorBinding(InternalContext context) {
        return String.join("|", "sequences", context.organizationId().toString(), context.environment().name(),
                ascending ? "asc" : "desc", String.valueOf(experienceId), String.valueOf(createdAfter), String.valueOf(createdBefore));
    }
}
