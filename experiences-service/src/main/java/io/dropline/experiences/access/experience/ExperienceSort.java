package io.dropline.experiences.access.experience;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The documented sort orders of {@code GET /experiences}: SQL expressions that never yield null (so keyset
 * comparisons are total), a row's cursor value and how a cursor value is bound back. The id breaks ties.
 * An experience without a derived openAt (no queues, or one opening immediately) sorts as the epoch.
 */
enum ExperienceSort {
    CREATED_AT("createdAt", "e.created_at", e -> e.createdAt().toString(), Instant::parse),
    NAME("name", "lower(e.name)", e -> e.name().toLowerCase(Locale.ROOT), s -> s),
    OPEN_AT("openAt", "coalesce(d.open_at, 'epoch'::timestamptz)",
            e -> (e.openAt() == null ? Instant.EPOCH : e.openAt()).toString(), Instant::parse);

    final String wire;
    final String expression;
    private final Function<ExperienceEntity, String> valueOf;
    private final Function<String, Object> parse;

    ExperienceSort(String wire, String expression, Function<ExperienceEntity, String> valueOf, Function<String, Object> parse) {
        this.wire = wire;
        this.expression = expression;
        this.valueOf = valueOf;
        this.parse = parse;
    }

    static Optional<ExperienceSort> fromWire(String wire) {
        return Arrays.stream(values()).filter(sort -> sort.wire.equals(wire)).findFirst();
    }

    String cursorValue(ExperienceEntity entity) {
        return valueOf.apply(entity);
    }

    /** The bind value of a cursor's sort value; throws IllegalArgumentException/DateTimeException if it is not one. */
    Object bindValue(String cursorValue) {
        return parse.apply(cursorValue);
    }
}
