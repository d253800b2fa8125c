package io.dropline.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** A valid analytics query in either format, ready to be answered. */
record ParsedQuery(Format format, List<Measure> measures, Instant start, Instant end, Bucketing bucketing, boolean hourGrain,
        ZoneId zone, String currency, String timeRange) {

    enum Format { CURRENT, LEGACY }

    /** A filter on one of the rollups' dimensions: the events naming one of {@code values}, or (negate) all others. */
    record Filter(String dimension, List<String> values, boolean negate) {
    }

    /**
     * One measure: {@code eventType} and {@code field} ("" for a count) in the store, or {@code live} for a live metric
     * asked of its owning service.
     */
    record Measure(String name, String unit, String op, String event, String eventType, String field, Filter filter, String live) {

        boolean isLive() {
            return live != null;
        }

        boolean currency() {
            return "currency".equals(unit);
        }
    }

    /** How the range is cut into buckets. */
    interface Bucketing {
    }

    /** Fixed steps from an origin (the current format's 1m … 12h). */
    record Step(Duration step, Instant origin) implements Bucketing {
    }

    /** Calendar units in the query's time zone: hour, day, week, month (current 1d; legacy granularity). */
    record Calendar(String unit) implements Bucketing {
    }

    /** One total over the range (legacy without granularity). */
    record Total() implements Bucketing {
    }
}
