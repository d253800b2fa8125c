package io.dropline.audience.audience;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.page.PageRequest;
import io.dropline.contracts.web.QueryParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/** A validated {@code GET /audiences} request: filters, sort and page. */
record AudienceQuery(String search, Instant createdAfter, Instant createdBefore, AudienceSort sort, boolean ascending,
        PageRequest page) {

    private static final Set<String> PARAMETERS = Set.of("first", "after", "last", "before", "search", "sortBy",
            "sortDir", "createdAfter", "createdBefore");

    static AudienceQuery parse(MultiValueMap<String, String> raw) {
        QueryParams params = QueryParams.only(raw, PARAMETERS);
        List<FieldError> errors = new ArrayList<>();
        String search = params.get("search") == null ? null : params.get("search").strip();
        if (search != null && (search.length() < 2 || search.length() > 200)) {
            errors.add(new FieldError("search", "Must be between 2 and 200 characters"));
        } else if (search != null && search.indexOf('\0') >= 0) {
            errors.add(new FieldError("search", "Must not contain control characters"));
        }
        Instant after = params.instant("createdAfter", errors);
        Instant before = params.instant("createdBefore", errors);
        if (after != null && before != null && !after.isBefore(before)) {
            errors.add(new FieldError("createdBefore", "Must be later than createdAfter"));
        }
        AudienceSort sort = params.get("sortBy") == null ? AudienceSort.CREATED_AT
                : AudienceSort.fromWire(params.get("sortBy")).orElse(null);
        if (sort == null) {
            errors.add(new FieldError("sortBy", "Must be one of " + AudienceSort.documented()));
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
        return new AudienceQuery(search, after, before, sort, direction.equals("asc"), page);
    }

    /** A cursor is bound to the tenant, filters and sort: replayed elsewhere it fails its MAC and answers 400. */
    String cursorBinding(InternalContext context) {
        return String.join("|", "audiences", context.organizationId().toString(), context.environment().name(),
                sort.wire, ascending ? "asc" : "desc", String.valueOf(search), String.valueOf(createdAfter),
                String.valueOf(createdBefore));
    }
}
