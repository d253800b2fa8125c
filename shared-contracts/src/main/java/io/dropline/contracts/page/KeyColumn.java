package io.dropline.contracts.page;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * One column of a keyset order: its SQL expression, a row's value for the cursor, and how a cursor's text is bound
 * back. The expression must never yield null (coalesce it, as the row's value must be): a row comparison with null
 * is unknown, so rows would silently drop out of the pages.
 *
 * @param expression SQL written by the service, never built from input
 * @param cursorValue the row's value as cursor text, equal to what the expression yields for that row
 * @param bindValue the bind value of a cursor's text; throws IllegalArgumentException/DateTimeException if it is not one
 */
public record KeyColumn<T>(String expression, Function<? super T, String> cursorValue, Function<String, ?> bindValue) {

    public static <T> KeyColumn<T> instant(String expression, Function<? super T, Instant> value) {
        return new KeyColumn<>(expression, row -> value.apply(row).toString(), Instant::parse);
    }

    public static <T> KeyColumn<T> uuid(String expression, Function<? super T, UUID> value) {
        return new KeyColumn<>(expression, row -> value.apply(row).toString(), UUID::fromString);
    }

    public static <T> KeyColumn<T> text(String expression, Function<? super T, String> value) {
        return new KeyColumn<>(expression, value, text -> text);
    }

    public static <T> KeyColumn<T> decimal(String expression, Function<? super T, BigDecimal> value) {
        return new KeyColumn<>(expression, row -> value.apply(row).toPlainString(), BigDecimal::new);
    }

    public static <T> KeyColumn<T> integer(String expression, Function<? super T, Integer> value) {
        return new KeyColumn<>(expression, row -> Integer.toString(value.apply(row)), Integer::valueOf);
    }

    public static <T> KeyColumn<T> longInteger(String expression, Function<? super T, Long> value) {
        return new KeyColumn<>(expression, row -> Long.toString(value.apply(row)), Long::valueOf);
    }
}
