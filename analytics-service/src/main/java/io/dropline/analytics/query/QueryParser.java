package io.dropline.analytics.query;

import io.dropline.analytics.live.LiveMetricNames;
import io.dropline.analytics.query.ParsedQuery.Bucketing;
import io.dropline.analytics.query.ParsedQuery.Filter;
import io.dropline.analytics.query.ParsedQuery.Format;
import io.dropline.analytics.query.ParsedQuery.Measure;
import io.dropline.analytics.store.RollupRows;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /analytics/query} in either documented format (reference §9.1, §9.2), recognised by its fields:
 * {@code interval} or {@code where} (or an object {@code groupBy}) make it the current format, otherwise it is the
 * legacy one. The guardrails answer first with their documented messages; every other problem is listed at once, the
 * first one's message heading the 400.
 */
final class QueryParser {

    static final int MAX_MEASURES = 10;
    static final Duration MAX_RANGE = RollupRows.QUERY_REACH;
    /** 14 days of minutes: more buckets than that is a page no dashboard draws. */
    static final int MAX_BUCKETS = 20_160;
    private static final int MAX_FILTER_VALUES = 100;

    private static final Pattern TIME_RANGE = Pattern.compile("^([1-9]\\d{0,5})([mhdw])$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.\\-]{1,64}$");
    private static final Pattern FIELD = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
    private static final Map<String, Duration> INTERVALS = Map.of("1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5),
            "10m", Duration.ofMinutes(10), "15m", Duration.ofMinutes(15), "30m", Duration.ofMinutes(30), "1h", Duration.ofHours(1),
            "6h", Duration.ofHours(6), "12h", Duration.ofHours(12), "1d", Duration.ofDays(1));
    private static final Set<String> GRANULARITIES = Set.of("hour", "day", "week", "month");
    private static final Set<String> CURRENT_FIELDS = Set.of("measures", "interval", "timeRange", "where", "groupBy", "timezone", "currencyCode");
    private static final Set<String> LEGACY_FIELDS = Set.of("measures", "timeRange", "granularity", "filters", "groupBy", "timezone", "currencyCode");
    private static final Set<String> CURRENT_MEASURE = Set.of("name", "unit", "op", "event", "field");
    private static final Set<String> LEGACY_MEASURE = Set.of("name", "unit", "op", "event", "field", "filters");
    private static final Map<String, String> DIMENSIONS = Map.ofEntries(
            Map.entry("experienceId", RollupRows.EXPERIENCE), Map.entry("sequenceId", RollupRows.SEQUENCE),
            Map.entry("distributionId", RollupRows.DISTRIBUTION), Map.entry("queueId", RollupRows.DISTRIBUTION),
            Map.entry("drawId", RollupRows.DISTRIBUTION), Map.entry("auctionId", RollupRows.DISTRIBUTION),
            Map.entry("appointmentId", RollupRows.DISTRIBUTION), Map.entry("timedReleaseId", RollupRows.DISTRIBUTION),
            Map.entry("waitlistId", RollupRows.DISTRIBUTION), Map.entry("productId", RollupRows.PRODUCT));

    private final List<FieldError> errors = new ArrayList<>();

    private QueryParser() {
    }

    static Format formatOf(JsonNode body) {
        boolean current = body.has("interval") || body.has("where") || (body.has("groupBy") && body.get("groupBy").isObject());
        return current ? Format.CURRENT : Format.LEGACY;
    }

    static ParsedQuery parse(JsonNode body, Instant now, String defaultZone, String defaultCurrency) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("body", "Must be an object");
        }
        return new QueryParser().read(body, formatOf(body), now, defaultZone, defaultCurrency);
    }

    private ParsedQuery read(JsonNode body, Format format, Instant now, String defaultZone, String defaultCurrency) {
        // The guardrails first, with their documented messages.
        JsonNode measures = body.get("measures");
        if (measures != null && measures.isArray() && measures.size() > MAX_MEASURES) {
            throw guardrail("measures", "Too many measures (max " + MAX_MEASURES + ")");
        }
        Duration range = timeRange(body.get("timeRange"));
        if (range != null && range.compareTo(MAX_RANGE) > 0) {
            throw guardrail("timeRange", "Requested timeRange exceeds the allowed maximum (90d)");
        }

        Set<String> allowed = format == Format.CURRENT ? CURRENT_FIELDS : LEGACY_FIELDS;
        body.propertyNames().forEach(name -> {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "Unknown field"));
            }
        });
        ZoneId zone = zone(body.get("timezone"), defaultZone);
        String currency = currency(body.get("currencyCode"), defaultCurrency);
        List<Filter> common = format == Format.CURRENT ? filters(body.get("where"), "where", true)
                : filters(body.get("filters"), "filters", false);
        groupBy(body.get("groupBy"), format);
        List<Measure> parsed = measures(measures, format, common);

        Duration step = null;
        String calendar = null;
        if (format == Format.CURRENT) {
            JsonNode interval = body.get("interval");
            if (interval == null || interval.isNull()) {
                errors.add(new FieldError("interval", "Required"));
            } else if (!interval.isString() || !INTERVALS.containsKey(interval.asString())) {
                errors.add(new FieldError("interval", "Must be one of 1m, 5m, 10m, 15m, 30m, 1h, 6h, 12h, 1d"));
            } else if ("1d".equals(interval.asString())) {
                calendar = "day";
            } else {
                step = INTERVALS.get(interval.asString());
            }
        } else {
            JsonNode granularity = body.get("granularity");
            if (granularity != null && !granularity.isNull()) {
                if (!granularity.isString() || !GRANULARITIES.contains(granularity.asString())) {
                    errors.add(new FieldError("granularity", "Must be one of hour, day, week, month"));
                } else {
                    calendar = granularity.asString();
                }
            }
        }
        if (range == null && !errors.stream().anyMatch(error -> error.field().equals("timeRange"))) {
            errors.add(new FieldError("timeRange", "Required"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, errors.get(0).message(), null, List.copyOf(errors));
        }

        Instant requestedStart = now.minus(range);
        Bucketing bucketing;
        Instant start;
        if (step != null) {
            Instant origin = LocalDate.ofInstant(requestedStart, zone).atStartOfDay(zone).toInstant();
            long steps = Duration.between(origin, requestedStart).toMillis() / step.toMillis();
            start = origin.plus(step.multipliedBy(steps));
            bucketing = new ParsedQuery.Step(step, origin);
            long buckets = Duration.between(start, now).toMillis() / step.toMillis() + 1;
            if (buckets > MAX_BUCKETS) {
                throw guardrail("interval", "Too many buckets (max " + MAX_BUCKETS + "): choose a larger interval or a shorter timeRange");
            }
        } else if (calendar != null) {
            start = calendarStart(requestedStart, calendar, zone);
            bucketing = new ParsedQuery.Calendar(calendar);
        } else {
            start = requestedStart;
            bucketing = new ParsedQuery.Total();
        }
        boolean hourGrain = hourGrain(bucketing, start, now, zone);
        if (bucketing instanceof ParsedQuery.Total) {
            // A total reads whole buckets of its grain; the range starts at the first one.
            start = start.truncatedTo(hourGrain ? ChronoUnit.HOURS : ChronoUnit.MINUTES);
        }
        return new ParsedQuery(format, parsed, start, now, bucketing, hourGrain, zone, currency, body.get("timeRange").asString());
    }

    /**
     * Hourly rollups serve buckets of an hour or more when every bucket boundary falls on a UTC hour: the zone's
     * offset is whole hours at both ends of the range (zones with half-hour offsets read the minute rollups).
     */
    private static boolean hourGrain(Bucketing bucketing, Instant start, Instant end, ZoneId zone) {
        boolean coarse = !(bucketing instanceof ParsedQuery.Step step) || step.step().compareTo(Duration.ofHours(1)) >= 0;
        ZoneOffset first = zone.getRules().getOffset(start);
        ZoneOffset last = zone.getRules().getOffset(end);
        return coarse && first.getTotalSeconds() % 3600 == 0 && last.getTotalSeconds() % 3600 == 0;
    }

    private static Instant calendarStart(Instant instant, String unit, ZoneId zone) {
        var local = instant.atZone(zone);
        return switch (unit) {
            case "hour" -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case "day" -> local.toLocalDate().atStartOfDay(zone).toInstant();
            case "week" -> local.toLocalDate().minusDays(local.getDayOfWeek().getValue() - 1L).atStartOfDay(zone).toInstant();
            default -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        };
    }

    private Duration timeRange(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Matcher matcher = node.isString() ? TIME_RANGE.matcher(node.asString()) : null;
        if (matcher == null || !matcher.matches()) {
            errors.add(new FieldError("timeRange", "Must be a relative window such as 24h, 7d, 30d or 90d"));
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(amount * 7);
        };
    }

    private ZoneId zone(JsonNode node, String defaultZone) {
        if (node == null || node.isNull()) {
            return ZoneId.of(defaultZone);
        }
        try {
            if (node.isString() && node.asString().length() <= 64) {
                return ZoneId.of(node.asString());
            }
        } catch (DateTimeException unknown) {
            // reported below
        }
        errors.add(new FieldError("timezone", "Must be an IANA time zone such as Europe/Berlin"));
        return ZoneId.of(defaultZone);
    }

    private String currency(JsonNode node, String defaultCurrency) {
        if (node == null || node.isNull()) {
            return defaultCurrency;
        }
        try {
            if (node.isString() && node.asString().matches("^[A-Z]{3}$")) {
                return Currency.getInstance(node.asString()).getCurrencyCode();
            }
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        errors.add(new FieldError("currencyCode", "Must be an ISO 4217 currency code such as EUR"));
        return defaultCurrency;
    }

    private void groupBy(JsonNode node, Format format) {
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            return;
        }
        if (format == Format.CURRENT && node.isObject() && node.has("field")) {
            errors.add(new FieldError("groupBy", "Grouping by '" + node.get("field").asString("") + "' is not supported: "
                    + "Dropline keeps no RFM segments"));
        } else {
            errors.add(new FieldError("groupBy", "Grouping is not supported"));
        }
    }

    private List<Measure> measures(JsonNode node, Format format, List<Filter> common) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("measures", "Required"));
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("measures", "Must be a non-empty array of measures"));
            return List.of();
        }
        List<Measure> measures = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            Measure measure = measure(node.get(i), "measures[" + i + "]", format, common);
            if (measure != null && !names.add(measure.name())) {
                errors.add(new FieldError("measures[" + i + "].name", "Measure names must be unique"));
            }
            if (measure != null) {
                measures.add(measure);
            }
        }
        return measures;
    }

    private Measure measure(JsonNode node, String path, Format format, List<Filter> common) {
        if (!node.isObject()) {
            errors.add(new FieldError(path, "Must be an object"));
            return null;
        }
        int before = errors.size();
        Set<String> allowed = format == Format.CURRENT ? CURRENT_MEASURE : LEGACY_MEASURE;
        node.propertyNames().forEach(name -> {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(path + "." + name, "Unknown field"));
            }
        });
        String name = text(node, "name", path, true);
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add(new FieldError(path + ".name", "Must be 1-64 letters, digits, '_', '-' or '.'"));
        }
        String op = text(node, "op", path, true);
        Set<String> ops = format == Format.CURRENT ? Set.of("count", "sum", "avg", "live") : Set.of("count", "sum", "avg", "min", "max", "live");
        if (op != null && !ops.contains(op)) {
            errors.add(new FieldError(path + ".op", "Must be one of " + String.join(", ", ops.stream().sorted().toList())));
            op = null;
        }
        String unit = text(node, "unit", path, format == Format.CURRENT);
        Set<String> units = format == Format.CURRENT ? Set.of("count", "currency") : Set.of("number", "currency");
        if (unit != null && !units.contains(unit)) {
            errors.add(new FieldError(path + ".unit", "Must be one of " + String.join(", ", units.stream().sorted().toList())));
        }
        if (unit == null) {
            unit = format == Format.CURRENT ? "count" : "number";
        }
        String event = text(node, "event", path, true);
        String field = text(node, "field", path, false);
        if (field != null && !FIELD.matcher(field).matches()) {
            errors.add(new FieldError(path + ".field", "Must be 1-64 letters, digits or '_'"));
            field = null;
        }
        String display = name == null ? "?" : name;
        String eventType = null;
        String live = null;
        String storedField = RollupRows.COUNT;
        if (event != null && op != null) {
            if ("live".equals(op)) {
                if (LiveMetricNames.OWNERS.containsKey(event)) {
                    live = event;
                } else {
                    errors.add(new FieldError(path + ".event", "Live metric '" + event + "' is not supported"));
                }
            } else {
                var type = format == Format.CURRENT ? EventNames.current(event) : EventNames.legacy(event);
                if (type.isEmpty()) {
                    errors.add(new FieldError(path + ".event", "Event '" + event + "' is not supported"));
                } else {
                    eventType = type.get();
                }
                if (!"count".equals(op)) {
                    if (field == null) {
                        errors.add(new FieldError(path + ".field", "Measure '" + display + "' requires a field when using '" + op + "'"));
                    } else if (format == Format.LEGACY) {
                        var stored = EventNames.legacyField(event, field);
                        if (stored.isEmpty()) {
                            errors.add(new FieldError(path + ".field", "Field '" + field + "' is not allowed for event '" + event + "'"));
                        } else {
                            storedField = stored.get();
                        }
                    } else {
                        storedField = EventNames.currentField(field);
                    }
                }
            }
        }
        List<Filter> filters = new ArrayList<>(common);
        if (format == Format.LEGACY) {
            filters.addAll(filters(node.get("filters"), path + ".filters", false));
        }
        if (filters.size() > 1) {
            errors.add(new FieldError(format == Format.CURRENT ? "where" : path + ".filters",
                    "At most one filter applies to a measure (experienceId, sequenceId, distributionId or productId)"));
        }
        Filter filter = filters.isEmpty() ? null : filters.get(0);
        if (filter != null && filter.negate() && op != null && Set.of("min", "max").contains(op)) {
            errors.add(new FieldError(path + ".op", "Operator '" + op + "' cannot be combined with a 'neq' filter"));
        }
        if (errors.size() > before || op == null) {
            return null;
        }
        return new Measure(name, unit, op, event, eventType, storedField, filter, live);
    }

    private List<Filter> filters(JsonNode node, String path, boolean current) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError(path, "Must be an array of filters"));
            return List.of();
        }
        List<Filter> filters = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode filter = node.get(i);
            if (!filter.isObject()) {
                errors.add(new FieldError(at, "Must be an object"));
                continue;
            }
            String fieldName = current ? "path" : "field";
            String opName = current ? "op" : "operator";
            Set<String> keys = Set.of(fieldName, opName, "value");
            filter.propertyNames().forEach(key -> {
                if (!keys.contains(key)) {
                    errors.add(new FieldError(at + "." + key, "Unknown field"));
                }
            });
            String target = text(filter, fieldName, at, true);
            String op = text(filter, opName, at, true);
            JsonNode value = filter.get("value");
            if (value == null || value.isNull()) {
                errors.add(new FieldError(at + ".value", "Required"));
            }
            if (target == null || op == null || value == null || value.isNull()) {
                continue;
            }
            String key = target.startsWith("properties.") ? target.substring("properties.".length()) : target;
            String dimension = DIMENSIONS.get(key);
            if (dimension == null) {
                errors.add(new FieldError(at + "." + fieldName, "Filter on '" + target + "' is not supported "
                        + "(experienceId, sequenceId, distributionId, queueId, drawId, auctionId, productId)"));
                continue;
            }
            boolean negate;
            boolean many;
            switch (op) {
                case "=", "eq" -> { negate = false; many = false; }
                case "!=", "neq" -> { negate = true; many = false; }
                case "in" -> { negate = false; many = true; }
                default -> {
                    errors.add(new FieldError(at + "." + opName, "Filter operator '" + op + "' is not supported for '" + target + "'"));
                    continue;
                }
            }
            List<String> values = new ArrayList<>();
            if (many && value.isArray() && !value.isEmpty() && value.size() <= MAX_FILTER_VALUES) {
                value.forEach(item -> values.add(item.isString() && !item.asString().isEmpty() && item.asString().length() <= 64 ? item.asString() : null));
            } else if (!many && value.isString() && !value.asString().isEmpty() && value.asString().length() <= 64) {
                values.add(value.asString());
            } else {
                values.add(null);
            }
            if (values.contains(null)) {
                errors.add(new FieldError(at + ".value", many ? "Must be an array of 1-" + MAX_FILTER_VALUES + " ids" : "Must be an id"));
                continue;
            }
            filters.add(new Filter(dimension, List.copyOf(values), negate));
        }
        return filters;
    }

    private String text(JsonNode node, String name, String path, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(path + "." + name, "Required"));
            }
            return null;
        }
        if (!value.isString() || value.asString().isBlank() || value.asString().length() > 128) {
            errors.add(new FieldError(path + "." + name, "Must be a non-empty string"));
            return null;
        }
        return value.asString();
    }

    private static ApiException guardrail(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, null, List.of(new FieldError(field, message)));
    }
}
