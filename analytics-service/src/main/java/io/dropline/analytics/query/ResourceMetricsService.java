package io.dropline.analytics.query;

import io.dropline.analytics.live.LiveMetricNames;
import io.dropline.analytics.live.LiveMetrics;
import io.dropline.analytics.live.SourceResult;
import io.dropline.analytics.store.RollupRows;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.QueryParams;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * {@code GET /experiences/:id/metrics} and {@code GET /products/:id/metrics} (reference §9.3): the resource's event
 * counts and sums over {@code timeRange} (default 30d, at most 90d) from the rollups' dimension of that resource, and
 * its live metrics from the owning service ({@code resource=} of the metrics contract). The owning service decides
 * whether the id is this tenant's (404 otherwise); when it cannot answer, the historic part still comes, marked partial.
 */
@Service
class ResourceMetricsService {

    /** The summed fields a resource view reports next to each type's count. */
    private static final List<String> FIELDS = List.of(RollupRows.COUNT, "amount", "itemCount", "quantity", "bidAmount",
            "winningBidAmount", "waitTimeSeconds");

    private final DatabaseClient db;
    private final LiveMetrics live;
    private final Clock clock;

    ResourceMetricsService(DatabaseClient db, LiveMetrics live, Clock clock) {
        this.db = db;
        this.live = live;
        this.clock = clock;
    }

    Mono<Map<String, Object>> experience(InternalContext context, String id, MultiValueMap<String, String> params) {
        return metrics(context, id, "exp", "Experience", RollupRows.EXPERIENCE, LiveMetricNames.EXPERIENCES, params);
    }

    Mono<Map<String, Object>> product(InternalContext context, String id, MultiValueMap<String, String> params) {
        return metrics(context, id, "prod", "Product", RollupRows.PRODUCT, LiveMetricNames.COMMERCE, params);
    }

    private Mono<Map<String, Object>> metrics(InternalContext context, String id, String prefix, String resource,
            String dimension, String owner, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> {
                    QueryService.requireAdmin(context);
                    Duration range = range(QueryParams.only(params, Set.of("timeRange")).get("timeRange"));
                    if (Ids.parse(prefix, id).isEmpty()) {
                        throw ApiException.notFound(resource);
                    }
                    return range;
                })
                .flatMap(range -> {
                    Instant end = clock.instant();
                    Instant start = end.minus(range).truncatedTo(ChronoUnit.HOURS);
                    return Mono.zip(totals(context, dimension, id, start, end),
                                    live.fetchFrom(context, List.of(owner), id))
                            .map(both -> answer(resource, id, start, end, both.getT1(), both.getT2()));
                })
                .name("analytics.resource-metrics");
    }

    private static Duration range(String value) {
        if (value == null) {
            return Duration.ofDays(30);
        }
        if (!value.matches("^[1-9]\\d{0,3}[hd]$")) {
            throw ApiException.validation("timeRange", "Must be a relative window such as 24h, 7d, 30d or 90d");
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        Duration range = value.endsWith("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
        if (range.compareTo(QueryParser.MAX_RANGE) > 0) {
            String message = "Requested timeRange exceeds the allowed maximum (90d)";
            throw new ApiException(HttpStatus.BAD_REQUEST, message, null, List.of(new FieldError("timeRange", message)));
        }
        return range;
    }

    /** Per event type: its count and the sums of the reported fields, from the hourly rollups of this resource. */
    private Mono<Map<String, Map<String, Object>>> totals(InternalContext context, String dimension, String id, Instant start,
            Instant end) {
        return db.sql("SELECT event_type, field, sum(n)::bigint AS n, sum(total) AS total FROM event_rollups "
                        + "WHERE organization_id = :org AND environment = :env AND event_type = ANY(:types) "
                        + "AND field = ANY(:fields) AND dimension = :dim AND dimension_value = :id AND grain = 'h' "
                        + "AND bucket >= :start AND bucket <= :end GROUP BY event_type, field")
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .bind("types", EventNames.catalogue().toArray(String[]::new))
                .bind("fields", FIELDS.toArray(String[]::new))
                .bind("dim", dimension)
                .bind("id", id)
                .bind("start", start)
                .bind("end", end)
                .map(row -> new Object[] {row.get("event_type", String.class), row.get("field", String.class),
                        row.get("n", Long.class), row.get("total", BigDecimal.class)})
                .all()
                .collect(TreeMap::new, (Map<String, Map<String, Object>> map, Object[] row) -> {
                    Map<String, Object> type = map.computeIfAbsent((String) row[0], key -> new LinkedHashMap<>());
                    if (RollupRows.COUNT.equals(row[1])) {
                        type.put("count", row[2]);
                    } else {
                        ((Map<String, Object>) type.computeIfAbsent("sums", key -> new TreeMap<>()))
                                .put((String) row[1], ((BigDecimal) row[3]).stripTrailingZeros().toPlainString());
                    }
                });
    }

    private static Map<String, Object> answer(String resource, String id, Instant start, Instant end,
            Map<String, Map<String, Object>> events, Map<String, SourceResult> sources) {
        SourceResult owner = sources.values().iterator().next();
        if (SourceResult.NOT_FOUND.equals(owner.status())) {
            throw ApiException.notFound(resource);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("timeRange", Map.of("start", start.toString(), "end", end.toString()));
        response.put("events", events);
        response.put("live", owner.isOk() ? owner.values() : null);
        response.put("partial", !owner.isOk());
        response.put("sources", sources);
        return response;
    }
}
