package io.dropline.consumer.consumer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The documented sort orders of {@code GET /consumers}. Each has a SQL expression that never yields null (so
 * keyset comparisons are total), the matching value of a row for its cursor, and the way a cursor value is
 * bound back. The id always breaks ties, which keeps pages stable when many rows share a sort value.
 */
enum ConsumerSort {
    CREATED_AT("createdAt", "created_at", e -> e.createdAt().toString(), Instant::parse),
    EMAIL("email", "coalesce(lower(email), '')", e -> lowerOrEmpty(e.email()), s -> s),
    FULL_NAME("fullName", "coalesce(lower(full_name), '')", e -> lowerOrEmpty(e.fullName()), s -> s),
    LAST_ORDER_AT("lastOrderAt", "coalesce(last_order_at, 'epoch'::timestamptz)",
            e -> (e.lastOrderAt() == null ? Instant.EPOCH : e.lastOrderAt()).toString(), Instant::parse),
    TOTAL_ORDER_VALUE("totalOrderValue", "total_order_value", e -> e.totalOrderValue().toPlainString(), BigDecimal::new),
    TOTAL_ORDERS("totalOrders", "total_orders", e -> Integer.toString(e.totalOrders()), Integer::valueOf);

    final String wire;
    final String expression;
    private final Function<ConsumerEntity, String> valueOf;
    private final Function<String, Object> parse;

    ConsumerSort(String wire, String expression, Function<ConsumerEntity, String> valueOf, Function<String, Object> parse) {
        this.wire = wire;
        this.expression = expression;
        this.valueOf = valueOf;
        this.parse = parse;
    }

    static Optional<ConsumerSort> fromWire(String wire) {
        return Arrays.stream(values()).filter(sort -> sort.wire.equals(wire)).findFirst();
    }

    static String documented() {
        return String.join(", ", Arrays.stream(values()).map(sort -> sort.wire).toList());
    }

    String cursorValue(ConsumerEntity entity) {
        return valueOf.apply(entity);
    }

    /** The bind value of a cursor's sort value; throws IllegalArgumentException/DateTimeException if it is not one. */
    Object bindValue(String cursorValue) {
        return parse.apply(cursorValue);
    }

    private static String lowerOrEmpty(String text) {
        return text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
    }
}
