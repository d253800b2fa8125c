package io.dropline.audience.audience;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sort orders of {@code GET /audiences}: a SQL expression that never yields null (so keyset comparisons are
 * total), the matching value of a row for its cursor, and how a cursor value is bound back. The id breaks ties.
 * ({@code lastRefreshedAt} arrives with rule-based audiences.)
 */
enum AudienceSort {
    CREATED_AT("createdAt", "created_at", e -> e.createdAt().toString(), Instant::parse),
    NAME("name", "lower(name)", e -> e.name().toLowerCase(Locale.ROOT), s -> s);

    final String wire;
    final String expression;
    private final Function<AudienceEntity, String> valueOf;
    private final Function<String, Object> parse;

    AudienceSort(String wire, String expression, Function<AudienceEntity, String> valueOf, Function<String, Object> parse) {
        this.wire = wire;
        this.expression = expression;
        this.valueOf = valueOf;
        this.parse = parse;
    }

    static Optional<AudienceSort> fromWire(String wire) {
        return Arrays.stream(values()).filter(sort -> sort.wire.equals(wire)).findFirst();
    }

    static String documented() {
        return String.join(", ", Arrays.stream(values()).map(sort -> sort.wire).toList());
    }

    String cursorValue(AudienceEntity entity) {
        return valueOf.apply(entity);
    }

    /** The bind value of a cursor's sort value; throws IllegalArgumentException/DateTimeException if it is not one. */
    Object bindValue(String cursorValue) {
        return parse.apply(cursorValue);
    }
}
