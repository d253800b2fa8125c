package io.dropline.experiences.access.queue;

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

/**
 * A validated {@code GET /queues} (or {@code GET /distributions}) request: filters, order (by creation, the
 * id breaking ties) and page. {@code type} exists on distributions only: other known distribution types have
 * no rows yet, so they select nothing.
 */
record QueueQuery(String list, UUID sequenceId, UUID experienceId, Instant createdAfter, Instant createdBefore,
        boolean ascending, boolean nothing, PageRequest page) {

    private static final Set<String> QUEUE_PARAMETERS = Set.of("first", "after", "last", "before", "sortBy", "sortDir",
            "createdAfter", "createdBefore", "sequenceId", "experienceId");
    private static final Set<String> DISTRIBUTION_PARAMETERS = Set.of("first", "after", "last", "before", "sortBy", "sortDir",
            "createdAfter", "createdBefore", "sequenceId", "experienceId", "type");
    static final Set<String> DISTRIBUTION_TYPES = Set.of("queue", "draw", "auction", "appointment", "timed_release", "waitlist");

    static QueueQuery parse(MultiValueMap<String, String> raw, boolean distributions) {
        QueryParams params = QueryParams.only(raw, distributions ? DISTRIBUTION_PARAMETERS : QUEUE_PARAMETERS);
        List<FieldError> errors = new ArrayList<>();
        UUID sequenceId = id(params, "sequenceId", "seq", errors);
        UUID experienceId = id(params, "experienceId", "exp", errors);
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
        String type = params.get("type");
        if (type != null && !DISTRIBUTION_TYPES.contains(type)) {
            errors.add(new FieldError("type", "Must be one of " + String.join(", ", new java.util.TreeSet<>(DISTRIBUTION_TYPES))));
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
        return new QueueQuery(distributions ? "distributions" : "queues", sequenceId, experienceId, after, before,
                direction.equals("asc"), type != null && !type.equals("queue"), page);
    }

    private static UUID id(QueryParams params, String name, String prefix, List<FieldError> errors) {
        String raw = params.get(name);
        if (raw == null) {
            return null;
        }
        UUID id = Ids.parse(prefix, raw).orElse(null);
        if (id == null) {
            errors.add(new FieldError(name, "Must be an id of the form " + prefix + "_…"));
        }
        return id;
    }

    /** A cursor is bound to the tenant, the list, its filters and its order: replayed elsewhere it answers 400. */
    String cursorBinding(InternalContext context) {
        return String.join("|", list, context.organizationId().toString(), context.environment().name(),
                ascending ? "asc" : "desc", String.valueOf(sequenceId), String.valueOf(experienceId),
                String.valueOf(createdAfter), String.valueOf(createdBefore), String.valueOf(nothing));
    }
}
