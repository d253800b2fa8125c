package io.dropline.contracts.page;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.web.QueryParams;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The declaration of one keyset-paginated list: its filters, its orders and the columns that make the order total.
 * {@link #parse} reads a request's query parameters strictly ({@code first/after/last/before}, {@code sortBy/sortDir}
 * when the list is sortable, the filters; anything else is a 400) and reports every bad parameter in one
 * "Validation failed", in declaration order: the filters, {@code sortBy}/{@code sortDir} where the first sort was
 * declared, then the page. The repository appends {@link ListQuery#keyset}'s SQL to its scoped base query.
 *
 * <pre>{@code
 * static final KeysetList<AudienceEntity> LIST = KeysetList.<AudienceEntity>builder()
 *         .filter(ListFilter.search("name"))
 *         .filter(ListFilter.createdBetween("created_at"))
 *         .sortBy("createdAt", KeyColumn.instant("created_at", AudienceEntity::createdAt))
 *         .sortBy("name", KeyColumn.text("lower(name)", e -> e.name().toLowerCase(Locale.ROOT)))
 *         .tieBreaker(KeyColumn.uuid("id", AudienceEntity::id))
 *         .build();
 * }</pre>
 */
public final class KeysetList<T> {

    private static final List<String> PAGE_PARAMETERS = List.of("first", "after", "last", "before");

    private final List<ListFilter<?>> filters;
    private final int sortPosition;
    private final Map<String, KeyColumn<T>> sorts;
    private final boolean sortable;
    private final boolean descending;
    private final KeyColumn<T> tieBreaker;
    private final Set<String> parameters;

    private KeysetList(Builder<T> builder) {
        this.filters = List.copyOf(builder.filters);
        this.sortPosition = builder.sortPosition < 0 ? filters.size() : builder.sortPosition;
        this.sorts = builder.sorts;
        this.sortable = builder.sortable;
        this.descending = builder.descending;
        this.tieBreaker = builder.tieBreaker;
        Set<String> names = new LinkedHashSet<>(PAGE_PARAMETERS);
        if (sortable) {
            names.add("sortBy");
            names.add("sortDir");
        }
        filters.forEach(filter -> names.addAll(filter.parameters()));
        this.parameters = Set.copyOf(names);
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The first parts of a tenant-scoped list's cursor binding: the list's name, organization and environment. */
    public static String[] tenant(String list, InternalContext context, String... more) {
        List<String> scope = new ArrayList<>(List.of(list, context.organizationId().toString(), context.environment().name()));
        scope.addAll(List.of(more));
        return scope.toArray(String[]::new);
    }

    /** Reads a request; unknown or repeated parameters are refused first, then every bad value at once. */
    public ListQuery<T> parse(MultiValueMap<String, String> raw) {
        QueryParams params = QueryParams.only(raw, parameters);
        List<FieldError> errors = new ArrayList<>();
        Map<ListFilter<?>, Object> values = new IdentityHashMap<>();
        String sortName = null;
        boolean ascending = !descending;
        for (int i = 0; i <= filters.size(); i++) {
            if (i == sortPosition && sortable) {
                sortName = params.get("sortBy") == null ? sorts.keySet().iterator().next() : params.get("sortBy");
                if (!sorts.containsKey(sortName)) {
                    errors.add(new FieldError("sortBy", sorts.size() == 1 ? "Must be " + sortName()
                            : "Must be one of " + String.join(", ", sorts.keySet())));
                }
                String direction = params.get("sortDir") == null ? "desc" : params.get("sortDir");
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    errors.add(new FieldError("sortDir", "Must be asc or desc"));
                }
                ascending = direction.equals("asc");
            }
            if (i < filters.size()) {
                values.put(filters.get(i), filters.get(i).read(params, errors));
            }
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
        String sort = sortable ? sortName : sortName();
        return new ListQuery<>(this, sort, ascending, values, page);
    }

    List<ListFilter<?>> filters() {
        return filters;
    }

    /** The order's columns: the sort's, then the tie-breaker's. */
    List<KeyColumn<T>> columns(String sort) {
        return tieBreaker == null ? List.of(sorts.get(sort)) : List.of(sorts.get(sort), tieBreaker);
    }

    /**
     * What the sort adds to a cursor binding: its name when there is a choice (a single order has nothing to tell
     * apart), and its direction when the client may choose it.
     */
    List<String> sortBinding(String sort, boolean ascending) {
        List<String> parts = new ArrayList<>(2);
        if (sortable && sorts.size() > 1) {
            parts.add(sort);
        }
        if (sortable) {
            parts.add(ascending ? "asc" : "desc");
        }
        return parts;
    }

    private String sortName() {
        return sorts.keySet().iterator().next();
    }

    public static final class Builder<T> {

        private final List<ListFilter<?>> filters = new ArrayList<>();
        private final Map<String, KeyColumn<T>> sorts = new LinkedHashMap<>();
        private int sortPosition = -1;
        private boolean sortable;
        private boolean descending = true;
        private KeyColumn<T> tieBreaker;

        private Builder() {
        }

        /** A filter; its errors are reported in the order filters (and the first sort) are declared. */
        public Builder<T> filter(ListFilter<?> filter) {
            filters.add(filter);
            return this;
        }

        /**
         * A field {@code sortBy} may name; the first one declared is the default ({@code sortDir} defaults to
         * {@code desc}). Its place among the filters is where sortBy/sortDir errors are reported.
         */
        public Builder<T> sortBy(String name, KeyColumn<T> column) {
            if (sorts.isEmpty()) {
                sortPosition = filters.size();
            }
            sortable = true;
            sorts.put(name, column);
            return this;
        }

        /** The one order of a list that takes no {@code sortBy}/{@code sortDir}. */
        public Builder<T> fixedOrder(KeyColumn<T> column, boolean descending) {
            sorts.put("", column);
            this.descending = descending;
            return this;
        }

        /** The unique column(s) that break ties on the sort column; none when the sort column is unique itself. */
        public Builder<T> tieBreaker(KeyColumn<T> column) {
            this.tieBreaker = column;
            return this;
        }

        public KeysetList<T> build() {
            if (sorts.isEmpty() || (sortable && sorts.containsKey(""))) {
                throw new IllegalStateException("A list has either sortBy fields or one fixed order");
            }
            return new KeysetList<>(this);
        }
    }
}
