package io.dropline.analytics.query;

import io.dropline.analytics.query.ParsedQuery.Measure;
import io.dropline.analytics.store.RollupRows;
import io.dropline.contracts.context.InternalContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads one measure's buckets from the rollups: one range of the primary key (tenant, environment, event type,
 * field, dimension, value, grain, time), grouped into the query's buckets in its time zone by PostgreSQL. Never the
 * raw events.
 */
@Repository
class RollupReader {

    /** One output bucket's aggregate: events, sum, min and max of the measure's field. */
    record Cell(long n, BigDecimal total, BigDecimal low, BigDecimal high) {

        static final Cell EMPTY = new Cell(0, BigDecimal.ZERO, null, null);

        Cell minus(Cell other) {
            return new Cell(n - other.n, total.subtract(other.total), null, null);
        }

        Cell plus(Cell other) {
            return new Cell(n + other.n, total.add(other.total), min(low, other.low), max(high, other.high));
        }

        private static BigDecimal min(BigDecimal a, BigDecimal b) {
            return a == null ? b : b == null ? a : a.min(b);
        }

        private static BigDecimal max(BigDecimal a, BigDecimal b) {
            return a == null ? b : b == null ? a : a.max(b);
        }
    }

    private final DatabaseClient db;

    RollupReader(DatabaseClient db) {
        this.db = db;
    }

    /** The measure's cells by bucket start; a {@code neq} filter is every event minus the named ones. */
    Mono<Map<Instant, Cell>> read(InternalContext context, ParsedQuery query, Measure measure) {
        if (measure.filter() == null) {
            return cells(context, query, measure, RollupRows.ALL, List.of(""));
        }
        Mono<Map<Instant, Cell>> named = cells(context, query, measure, measure.filter().dimension(), measure.filter().values());
        if (!measure.filter().negate()) {
            return named;
        }
        return Mono.zip(cells(context, query, measure, RollupRows.ALL, List.of("")), named)
                .map(both -> {
                    Map<Instant, Cell> rest = new TreeMap<>(both.getT1());
                    both.getT2().forEach((bucket, cell) -> rest.merge(bucket, Cell.EMPTY.minus(cell), Cell::plus));
                    return rest;
                });
    }

    private Mono<Map<Instant, Cell>> cells(InternalContext context, ParsedQuery query, Measure measure, String dimension,
            List<String> values) {
        String bucket = query.bucketing() instanceof ParsedQuery.Step ? "date_bin(CAST(:step AS interval), bucket, CAST(:origin AS timestamptz))"
                : query.bucketing() instanceof ParsedQuery.Calendar ? "date_trunc(:unit, bucket, :tz)"
                : "CAST(:start AS timestamptz)";
        DatabaseClient.GenericExecuteSpec spec = db.sql("SELECT " + bucket + " AS b, sum(n)::bigint AS n, sum(total) AS total, "
                        + "min(low) AS low, max(high) AS high FROM event_rollups "
                        + "WHERE organization_id = :org AND environment = :env AND event_type = :type AND field = :field "
                        + "AND dimension = :dim AND dimension_value = ANY(:vals) AND grain = :grain "
                        + "AND bucket >= :start AND bucket < :end GROUP BY 1")
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .bind("type", measure.eventType())
                .bind("field", "count".equals(measure.op()) ? RollupRows.COUNT : measure.field())
                .bind("dim", dimension)
                .bind("vals", values.toArray(String[]::new))
                .bind("grain", query.hourGrain() ? RollupRows.HOUR : RollupRows.MINUTE)
                .bind("start", query.start())
                .bind("end", query.end().plusNanos(1));
        if (query.bucketing() instanceof ParsedQuery.Step step) {
            spec = spec.bind("step", step.step().toString()).bind("origin", step.origin());
        } else if (query.bucketing() instanceof ParsedQuery.Calendar calendar) {
            spec = spec.bind("unit", calendar.unit()).bind("tz", query.zone().getId());
        }
        return spec.map(row -> Map.entry(row.get("b", Instant.class), new Cell(row.get("n", Long.class),
                        row.get("total", BigDecimal.class), row.get("low", BigDecimal.class), row.get("high", BigDecimal.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                .map(map -> (Map<Instant, Cell>) map)
                .name("analytics.query.rollups");
    }
}
