package io.dropline.experiences.access.experience;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.page.ListFilter;
import io.dropline.contracts.web.QueryParams;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/** {@code include=sequences,distributions} on {@code GET /experiences} and {@code GET /experiences/{id}}. */
final class ExperienceQuery {

    static final Set<String> RELATIONS = Set.of("sequences", "distributions");

    /** The list's {@code include}: it selects no rows and binds no cursor, it only adds relations to each one. */
    static final ListFilter<Set<String>> INCLUDE = ListFilter.of(List.of("include"),
            (params, errors) -> include(params.get("include"), errors), include -> List.of(), include -> List.of());

    private ExperienceQuery() {
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
}
