package io.dropline.experiences.access.experience;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.page.PageRequest;
import io.dropline.contracts.web.QueryParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/** A validated {@code GET /experiences} request: filters, sort, includes and page. */
record ExperienceQuery(String search, Instant createdAfter, Instant createdBefore, ExperienceSort sort, boolean ascending,
        Set<String> include, PageRequest page) {

    private static final Set<String> PARAMETERS = Set.of("first", "after", "last", "before", "search", "sortBy", "sortDir",
            "createdAfter", "createdBefore", "include");
    static final Set<String> RELATIONS = Set.of("sequences", "distributions");

    static ExperienceQuery parse(MultiValueMap<String, String> raw) {
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
        ExperienceSort sort = params.get("sortBy") == null ? ExperienceSort.CREATED_AT
                : ExperienceSort.fromWire(params.get("sortBy")).orElse(null);
        if (sort == null) {
            errors.add(new FieldError("sortBy", "Must be one of createdAt, name, openAt"));
        }
        String direction = params.get("sortDir") == null ? "desc" : params.get("sortDir");
        if (!direction.equals("asc") && !direction.equals("desc")) {
            errors.add(new FieldError("sortDir", "Must be asc or desc"));
        }
        Set<String> include = include(params.get("include"), errors);
        PageRequest page = null;
        try {
            page = PageRequest.of(params.get("first"), params.get("after"), params.get("last"), params.get("before"));
        } catch (ApiException invalidPage) {
            errors.addAll(invalidPage.details());
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new ExperienceQuery(search, after, before, sort, direction.equals("asc"), include, page);
    }

    /** {@code include=sequences,distributions}: a comma list of the documented relations. */
    static Set<String> include(String raw, List<FieldError> errors) {
        if (raw == null) {
            return Set.of();
        }
        Set<String> relations = new LinkedHashSet<>();
        for (String part : raw.split(",", -1)) {
            String relation = part.strip();
            if (!RELATIONS.contains(relation)) {
                errors.add(new FieldError("include", "Must be a comma-separated list of sequences, distributions"));
                return Set.of();
            }
            relations.add(relation);
        }
        return Set.copyOf(relations);
    }

    static Set<String> includeOnly(MultiValueMap<String, String> raw) {
        QueryParams params = QueryParams.only(raw, Set.of("include"));
        List<FieldError> errors = new ArrayList<>();
        Set<String> include = include(params.get("include"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return include;
    }

    /** A cursor is bound to the tenant, the filters and the sort: replayed elsewhere it answers 400. */
    String cursorBinding(InternalContext context) {
        return String.join("|", "experiences", context.organizationId().toString(), context.environment().name(),
                sort.wire, ascending ? "asc" : "desc", String.valueOf(search), String.valueOf(createdAfter),
                String.valueOf(createdBefore));
    }
}
