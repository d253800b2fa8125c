package io.dropline.contracts.page;

import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.QueryParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One declared query parameter of a list (or a pair read together): how its value is read and judged, the SQL
 * conditions it adds, and what it adds to the cursor binding (so a cursor replayed with other filters fails).
 * A value is null when the parameter is absent or bad; bad values add one detail to the shared error list.
 */
public final class ListFilter<V> {

    /** Reads the parameter, adding a detail to {@code errors} (and answering null) when it is bad. */
    @FunctionalInterface
    public interface Reader<V> {
        V read(QueryParams params, List<FieldError> errors);
    }

    /** One SQL condition, ANDed to the list's query, with its one named bind (none when {@code parameter} is null). */
    public record Condition(String sql, String parameter, Object value) {

        /** Selects nothing: a filter value that no row can have yet. */
        public static Condition never() {
            return new Condition("FALSE", null, null);
        }
    }

    /** The {@code createdAfter}/{@code createdBefore} pair; either may be null. */
    public record Range(Instant after, Instant before) {
    }

    private final List<String> parameters;
    private final Reader<V> reader;
    private final Function<V, List<Condition>> conditions;
    private final Function<V, List<String>> binding;

    private ListFilter(List<String> parameters, Reader<V> reader, Function<V, List<Condition>> conditions,
            Function<V, List<String>> binding) {
        this.parameters = List.copyOf(parameters);
        this.reader = reader;
        this.conditions = conditions;
        this.binding = binding;
    }

    /** Any filter: the conditions and binding parts are asked of every value, null (absent or bad) included. */
    public static <V> ListFilter<V> of(List<String> parameters, Reader<V> reader, Function<V, List<Condition>> conditions,
            Function<V, List<String>> binding) {
        return new ListFilter<>(parameters, reader, conditions, binding);
    }

    /** {@code search}: 2–200 characters once stripped, matched literally ({@code ILIKE}, wildcards escaped). */
    public static ListFilter<String> search(String expression) {
        return new ListFilter<>(List.of("search"), (params, errors) -> {
            String search = params.get("search") == null ? null : params.get("search").strip();
            if (search != null && (search.length() < 2 || search.length() > 200)) {
                errors.add(new FieldError("search", "Must be between 2 and 200 characters"));
                return null;
            }
            return search;
        }, search -> search == null ? List.of()
                : List.of(new Condition(expression + " ILIKE :search", "search", "%" + escapeLike(search) + "%")),
                search -> List.of(String.valueOf(search)));
    }

    /** {@code createdAfter}/{@code createdBefore} (exclusive, ISO-8601 date or date-time) on {@code column}. */
    public static ListFilter<Range> createdBetween(String column) {
        return new ListFilter<>(List.of("createdAfter", "createdBefore"), (params, errors) -> {
            Instant after = params.instant("createdAfter", errors);
            Instant before = params.instant("createdBefore", errors);
            if (after != null && before != null && !after.isBefore(before)) {
                errors.add(new FieldError("createdBefore", "Must be later than createdAfter"));
            }
            return new Range(after, before);
        }, range -> {
            List<Condition> conditions = new ArrayList<>(2);
            if (range.after() != null) {
                conditions.add(new Condition(column + " > :createdAfter", "createdAfter", range.after()));
            }
            if (range.before() != null) {
                conditions.add(new Condition(column + " < :createdBefore", "createdBefore", range.before()));
            }
            return conditions;
        }, range -> List.of(String.valueOf(range.after()), String.valueOf(range.before())));
    }

    /** A typed id ({@code exp_…}) whose uuid {@code column} must equal. */
    public static ListFilter<UUID> id(String parameter, String prefix, String column) {
        return new ListFilter<>(List.of(parameter), (params, errors) -> {
            String raw = params.get(parameter);
            if (raw == null) {
                return null;
            }
            UUID id = Ids.parse(prefix, raw).orElse(null);
            if (id == null) {
                errors.add(new FieldError(parameter, "Must be an id of the form " + prefix + "_…"));
            }
            return id;
        }, id -> id == null ? List.of() : List.of(new Condition(column + " = :" + parameter, parameter, id)),
                id -> List.of(String.valueOf(id)));
    }

    /** One of {@code allowed} (listed in that order in the error), which {@code column} must equal. */
    public static ListFilter<String> oneOf(String parameter, List<String> allowed, String column) {
        return new ListFilter<>(List.of(parameter), oneOf(parameter, allowed),
                value -> value == null ? List.of() : List.of(new Condition(column + " = :" + parameter, parameter, value)),
                value -> List.of(String.valueOf(value)));
    }

    /** Reads one of {@code allowed}, for filters whose condition is not a plain equality. */
    public static Reader<String> oneOf(String parameter, List<String> allowed) {
        return (params, errors) -> {
            String value = params.get(parameter);
            if (value != null && !allowed.contains(value)) {
                errors.add(new FieldError(parameter, "Must be one of " + String.join(", ", allowed)));
                return null;
            }
            return value;
        };
    }

    /** This filter, also refusing a value that passed its own checks but matches {@code bad}. */
    public ListFilter<V> rejecting(Predicate<V> bad, String message) {
        return new ListFilter<>(parameters, (params, errors) -> {
            int before = errors.size();
            V value = reader.read(params, errors);
            if (value != null && errors.size() == before && bad.test(value)) {
                errors.add(new FieldError(parameters.get(0), message));
                return null;
            }
            return value;
        }, conditions, binding);
    }

    List<String> parameters() {
        return parameters;
    }

    V read(QueryParams params, List<FieldError> errors) {
        return reader.read(params, errors);
    }

    @SuppressWarnings("unchecked")
    List<Condition> conditions(Object value) {
        return conditions.apply((V) value);
    }

    @SuppressWarnings("unchecked")
    List<String> binding(Object value) {
        return binding.apply((V) value);
    }

    /** LIKE's wildcards (and its escape character) in a search term are matched literally. */
    static String escapeLike(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
