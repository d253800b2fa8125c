package io.dropline.analytics.query;

import io.dropline.analytics.live.LiveAnswer;
import io.dropline.analytics.live.LiveMetrics;
import io.dropline.analytics.query.ParsedQuery.Format;
import io.dropline.analytics.query.ParsedQuery.Measure;
import io.dropline.analytics.query.RollupReader.Cell;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Answers {@code POST /analytics/query}: historic measures from the rollups, live measures from the fan-out, both at
 * once; each format in its documented response shape (reference §9.1, §9.2). Always the caller's organization and
 * environment: the internal context scopes every read, so test and live never mix and no other tenant is counted.
 */
@Service
public class QueryService {

    /** Rollup reads of one query in flight at once (of the pool's 16 connections). */
    private static final int READ_CONCURRENCY = 4;

    private final RollupReader reader;
    private final LiveMetrics live;
    private final Clock clock;
    private final String defaultZone;
    private final String defaultCurrency;

    QueryService(RollupReader reader, LiveMetrics live, Clock clock,
            @Value("${dropline.analytics.default-time-zone:UTC}") String defaultZone,
            @Value("${dropline.analytics.default-currency:USD}") String defaultCurrency) {
        this.reader = reader;
        this.live = live;
        this.clock = clock;
        this.defaultZone = defaultZone;
        this.defaultCurrency = defaultCurrency;
    }

    Mono<Map<String, Object>> query(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> {
                    requireAdmin(context);
                    return QueryParser.parse(body, clock.instant(), defaultZone, defaultCurrency);
                })
                .flatMap(query -> Mono.zip(historic(context, query), liveValues(context, query))
                        .map(both -> query.format() == Format.CURRENT
                                ? current(query, both.getT1(), both.getT2())
                                : legacy(query, both.getT1(), both.getT2())))
                .name("analytics.query");
    }

    /** Admin API only (a secret key); another surface learns nothing, as for any unknown route. */
    static void requireAdmin(InternalContext context) {
        if (context.surface() != ApiSurface.ADMIN) {
            throw new ApiException(org.springframework.http.HttpStatus.NOT_FOUND, "Not found", null);
        }
    }

    /** Every stored measure's cells, read a few at a time. */
    Mono<Map<String, Map<Instant, Cell>>> historic(InternalContext context, ParsedQuery query) {
        return Flux.fromIterable(query.measures())
                .filter(measure -> !measure.isLive())
                .flatMapSequential(measure -> reader.read(context, query, measure).map(cells -> Map.entry(measure.name(), cells)),
                        READ_CONCURRENCY)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                .map(map -> (Map<String, Map<Instant, Cell>>) map);
    }

    private Mono<LiveAnswer> liveValues(InternalContext context, ParsedQuery query) {
        List<String> metrics = query.measures().stream().filter(Measure::isLive).map(Measure::live).distinct().toList();
        return metrics.isEmpty() ? Mono.just(new LiveAnswer(Map.of(), Map.of())) : live.fetch(context, metrics, null);
    }

    private static Map<String, Object> current(ParsedQuery query, Map<String, Map<Instant, Cell>> historic, LiveAnswer answer) {
        Map<String, Object> meta = new LinkedHashMap<>();
        for (Measure measure : query.measures()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("unit", measure.unit());
            if (measure.currency()) {
                entry.put("currency", query.currency());
            }
            if (measure.isLive()) {
                entry.put("live", true);
            }
            meta.put(measure.name(), entry);
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (Instant bucket : buckets(query)) {
            Map<String, Object> series = new LinkedHashMap<>();
            for (Measure measure : query.measures()) {
                if (!measure.isLive()) {
                    series.put(measure.name(), value(measure, historic.get(measure.name()).getOrDefault(bucket, Cell.EMPTY), false));
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time_bucket", bucket.toString());
            row.put("series", series);
            data.add(row);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("meta", meta);
        response.put("data", data);
        response.put("timeZone", query.zone().getId());
        addLive(query, answer, response);
        return response;
    }

    private static Map<String, Object> legacy(ParsedQuery query, Map<String, Map<Instant, Cell>> historic, LiveAnswer answer) {
        List<Map<String, Object>> measures = new ArrayList<>();
        List<Instant> buckets = query.bucketing() instanceof ParsedQuery.Total ? List.of() : buckets(query);
        for (Measure measure : query.measures()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", measure.name());
            if (measure.isLive()) {
                entry.put("value", answer.values().get(measure.live()));
                entry.put("unit", measure.unit());
                measures.add(entry);
                continue;
            }
            Map<Instant, Cell> cells = historic.get(measure.name());
            Cell total = cells.values().stream().reduce(Cell.EMPTY, Cell::plus);
            entry.put("value", value(measure, total, true));
            entry.put("unit", measure.unit());
            if (!(query.bucketing() instanceof ParsedQuery.Total)) {
                List<Map<String, Object>> series = new ArrayList<>();
                for (Instant bucket : buckets) {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("timestamp", bucket.toString());
                    point.put("value", value(measure, cells.getOrDefault(bucket, Cell.EMPTY), true));
                    series.add(point);
                }
                entry.put("series", series);
            }
            measures.add(entry);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("measures", measures);
        response.put("timeRange", Map.of("start", query.start().toString(), "end", query.end().toString()));
        response.put("currencyCode", query.currency());
        response.put("timeZone", query.zone().getId());
        addLive(query, answer, response);
        return response;
    }

    /** The fan-out's part, present only when live measures were asked: values, partial flag, per-source status. */
    private static void addLive(ParsedQuery query, LiveAnswer answer, Map<String, Object> response) {
        if (answer.sources().isEmpty()) {
            return;
        }
        if (query.format() == Format.CURRENT) {
            Map<String, Object> values = new LinkedHashMap<>();
            query.measures().stream().filter(Measure::isLive)
                    .forEach(measure -> values.put(measure.name(), answer.values().get(measure.live())));
            response.put("live", values);
        }
        response.put("partial", answer.partial());
        response.put("sources", answer.sources());
    }

    /** A cell as the measure's number: counts as integers, money as decimal strings (legacy: numbers). */
    static Object value(Measure measure, Cell cell, boolean legacy) {
        BigDecimal value = switch (measure.op()) {
            case "count" -> BigDecimal.valueOf(cell.n());
            case "sum" -> cell.total();
            case "avg" -> cell.n() == 0 ? null : cell.total().divide(BigDecimal.valueOf(cell.n()), 4, RoundingMode.HALF_UP);
            case "min" -> cell.low();
            case "max" -> cell.high();
            default -> null;
        };
        if (value == null) {
            return null;
        }
        if ("count".equals(measure.op())) {
            return cell.n();
        }
        if (measure.currency()) {
            BigDecimal money = value.setScale(2, RoundingMode.HALF_UP);
            return legacy ? money : money.toPlainString();
        }
        return value.stripTrailingZeros().scale() <= 0 ? value.toBigInteger() : value.stripTrailingZeros();
    }

    /** Every bucket start of the range, in order, in the query's time zone (empty buckets included). */
    static List<Instant> buckets(ParsedQuery query) {
        List<Instant> buckets = new ArrayList<>();
        if (query.bucketing() instanceof ParsedQuery.Step step) {
            for (Instant at = query.start(); !at.isAfter(query.end()); at = at.plus(step.step())) {
                buckets.add(at);
            }
        } else if (query.bucketing() instanceof ParsedQuery.Calendar calendar) {
                ZonedDateTime at = query.start().atZone(query.zone());
                while (!at.toInstant().isAfter(query.end())) {
                    buckets.add(at.toInstant());
                    at = switch (calendar.unit()) {
                        case "hour" -> at.plusHours(1);
                        case "day" -> at.plusDays(1);
                        case "week" -> at.plusWeeks(1);
                        default -> at.plusMonths(1);
                    };
                }
        } else {
            buckets.add(query.start());
        }
        return buckets;
    }
}
