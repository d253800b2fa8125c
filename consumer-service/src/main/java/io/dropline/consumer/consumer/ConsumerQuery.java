package io.dropline.consumer.consumer;

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

/** A validated {@code GET /consumers} request: filters, sort and page. */
record ConsumerQuery(String search, Instant createdAfter, Instant createdBefore, ConsumerSort sort, boolean ascending,
        PageRequest page) {

    private static final Set<String> PARAMETERS = Set.of("first", "after", "last", "before", "search", "sortBy",
            "sortDir", "createdAfter", "createdBefore");

    static ConsumerQuery parse(MultiValueMap<String, String> raw) {
        QueryParams params = QueryParams.only(raw, PARAMETERS);
        List<FieldError> errors = new ArrayList<>();
        String search = params.get("search") == null ? null : params.get("search").strip();
        if (search != null && (search.length() < 2 || search.length() > 200)) {
            errors.add(new FieldError("search", "Must be between 2 and 200 characters"));
        }
        Instant after = params.instant("createdAfter", errors);
        Instant before = params.instant("createdBefore", errors);
        if (after != null && before != null && !after.isBefore(before)) {
            errors.add(new FieldError("createdBefore", "Must be later than createdAfter"));
        }
        ConsumerSort sort = params.get("sortBy") == null ? ConsumerSort.CREATED_AT
                : ConsumerSort.fromWire(params.get("sortBy")).orElse(null);
        if (sort == null) {
            errors.add(new FieldError("sortBy", "Must be one of " + ConsumerSort.documented()));
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
        return new ConsumerQuery(search, after, before, sort, direction.equals("asc"), page);
    }

    /**
     * What a cursor of this list is bound to: the tenant, the filters and the sort. A cursor replayed with other
     * filters, another sort or by another tenant fails its MAC and answers 400.
     */
    String cursorBinding(InternalContext context) {
        return String.join("|", "consumers", context.organizationId().toString(), context.environment().name(),
                sort.wire, ascending ? "asc" : "desc", String.valueOf(search), String.valueOf(createdAfter),
                String.valueOf(createdBefore));
    }
}
