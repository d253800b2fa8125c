package io.dropline.analytics.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one event adds to the rollups: for every dimension the event names (all events of its type, its experience,
 * sequence, distribution and products) and every grain (minute, hour), one count row and one row per numeric data
 * field. Generic by design: a new event type needs no code here, its numeric fields become summable by their names.
 */
public final class RollupRows {

    /** The count row's field. */
    public static final String COUNT = "";
    /** Grains of the rollups. */
    public static final String MINUTE = "m";
    /**
     * How far back a query can read rollups (the 90-day guardrail of reference §9.2). Minute rows are read over all of
     * it (intervals under an hour; zones with half-hour offsets), so {@link RollupRetention} keeps them at least this long.
     */
    public static final java.time.Duration QUERY_REACH = java.time.Duration.ofDays(90);
    public static final String HOUR = "h";
    /** The dimensions the query's filters may name. */
    public static final String ALL = "";
    public static final String EXPERIENCE = "experience";
    public static final String SEQUENCE = "sequence";
    public static final String DISTRIBUTION = "distribution";
    public static final String PRODUCT = "product";

    /** Data fields naming the distribution an event belongs to, per type family. */
    private static final List<String> DISTRIBUTION_FIELDS = List.of("distributionId", "queueId", "drawId", "auctionId",
            "appointmentId", "timedReleaseId", "waitlistId");
    /** Money in the API is a decimal string (reference §1.5); such strings are summable like numbers. */
    private static final Pattern DECIMAL = Pattern.compile("^-?\\d{1,15}(\\.\\d{1,8})?$");
    /** Bounds a hostile or unusual event's cost: at most this many summable fields and products per event. */
    private static final int MAX_FIELDS = 16;
    private static final int MAX_PRODUCTS = 32;
    private static final int MAX_ID_LENGTH = 64;

    /** One row to add: its key beyond (tenant, environment, type), and the event's value (1 for the count row). */
    public record Row(String field, String dimension, String dimensionValue, String grain, Instant bucket, BigDecimal value) {
    }

    private RollupRows() {
    }

    /** The rows of an event, sorted by the table's key so that concurrent writers lock rows in one order. */
    public static List<Row> of(Instant occurredAt, Map<String, Object> data) {
        Map<String, Object> fields = data == null ? Map.of() : data;
        Map<String, BigDecimal> values = numericFields(fields);
        List<String[]> dimensions = dimensions(fields);
        List<Row> rows = new ArrayList<>();
        for (String grain : List.of(MINUTE, HOUR)) {
            Instant bucket = occurredAt.truncatedTo(MINUTE.equals(grain) ? ChronoUnit.MINUTES : ChronoUnit.HOURS);
            for (String[] dimension : dimensions) {
                rows.add(new Row(COUNT, dimension[0], dimension[1], grain, bucket, BigDecimal.ONE));
                values.forEach((field, value) -> rows.add(new Row(field, dimension[0], dimension[1], grain, bucket, value)));
            }
        }
        rows.sort(Comparator.comparing(Row::field).thenComparing(Row::dimension).thenComparing(Row::dimensionValue)
                .thenComparing(Row::grain).thenComparing(Row::bucket));
        return rows;
    }

    /** Top-level numbers and decimal strings of the event's data; order items add {@code itemCount}. */
    static Map<String, BigDecimal> numericFields(Map<String, Object> data) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : data.entrySet()) {
            if (values.size() >= MAX_FIELDS) {
                break;
            }
            BigDecimal value = number(entry.getValue());
            if (value != null && entry.getKey().matches("[A-Za-z0-9_]{1,64}")) {
                values.put(entry.getKey(), value);
            }
        }
        if (!values.containsKey("itemCount") && data.get("items") instanceof List<?> items && values.size() < MAX_FIELDS) {
            BigDecimal count = BigDecimal.ZERO;
            for (Object item : items) {
                BigDecimal quantity = item instanceof Map<?, ?> map ? number(map.get("quantity")) : null;
                count = count.add(quantity == null ? BigDecimal.ONE : quantity);
            }
            values.put("itemCount", count);
        }
        return values;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Boolean) {
            return null;
        }
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString());
            } catch (NumberFormatException notFinite) {
                return null;
            }
        }
        if (value instanceof String text && DECIMAL.matcher(text).matches()) {
            return new BigDecimal(text);
        }
        return null;
    }

    /** (dimension, value) pairs: every event counts under ALL, and under each resource its data names. */
    static List<String[]> dimensions(Map<String, Object> data) {
        List<String[]> dimensions = new ArrayList<>();
        dimensions.add(new String[] {ALL, ""});
        id(data.get("experienceId")).ifPresent(id -> dimensions.add(new String[] {EXPERIENCE, id}));
        id(data.get("sequenceId")).ifPresent(id -> dimensions.add(new String[] {SEQUENCE, id}));
        DISTRIBUTION_FIELDS.stream().map(data::get).map(RollupRows::id).flatMap(java.util.Optional::stream).findFirst()
                .ifPresent(id -> dimensions.add(new String[] {DISTRIBUTION, id}));
        Set<String> products = new LinkedHashSet<>();
        id(data.get("productId")).ifPresent(products::add);
        if (data.get("items") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map) {
                    id(map.get("productId")).ifPresent(products::add);
                }
            }
        }
        products.stream().limit(MAX_PRODUCTS).forEach(id -> dimensions.add(new String[] {PRODUCT, id}));
        return dimensions;
    }

    private static java.util.Optional<String> id(Object value) {
        return value instanceof String text && !text.isEmpty() && text.length() <= MAX_ID_LENGTH
                ? java.util.Optional.of(text) : java.util.Optional.empty();
    }
}
