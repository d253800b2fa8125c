package io.dropline.analytics.selectorhealth;

import io.dropline.contracts.context.InternalContext;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts selector outcomes from raw SDK events. A row is one selector: (item_type, item_id, step_id, strategy, value),
 * strategy and value taken from the event's properties.
 *
 * <p>Successes are {@code selector_resolved} events plus {@code step_viewed} events of a targeted step. A step view
 * that names its selector counts for that selector; one that does not counts for every selector the step's selector
 * events name in the window (in practice one). A step with no selector events at all is not known to be targeted
 * (a centred modal step, say), so its views count nowhere. Failures are {@code selector_failed} events except those
 * with reason {@code multiple_matches}, which found the element (ambiguously) and are reported as a warning.
 */
@Repository
class SelectorHealthRepository {

    private static final String SQL = """
            WITH w AS (
                SELECT type, item_type, item_id, step_id, user_key, occurred_at,
                       properties ->> 'strategy' AS strategy, properties ->> 'value' AS value, properties ->> 'reason' AS reason
                FROM sdk_events
                WHERE organization_id = :org AND environment = :env AND occurred_at >= :since
                  AND type IN ('selector_resolved', 'selector_failed', 'step_viewed')
            ), selectors AS (
                SELECT DISTINCT item_type, item_id, step_id, strategy, value
                FROM w WHERE type <> 'step_viewed' AND step_id IS NOT NULL
            ), outcomes AS (
                SELECT type, item_type, item_id, step_id, strategy, value, reason, user_key, occurred_at
                FROM w WHERE type <> 'step_viewed' OR strategy IS NOT NULL OR value IS NOT NULL
                UNION ALL
                SELECT w.type, w.item_type, w.item_id, w.step_id, s.strategy, s.value, NULL, w.user_key, w.occurred_at
                FROM w JOIN selectors s ON s.item_type = w.item_type AND s.item_id = w.item_id AND s.step_id = w.step_id
                WHERE w.type = 'step_viewed' AND w.strategy IS NULL AND w.value IS NULL
            ), classified AS (
                SELECT item_type, item_id, step_id, strategy, value, reason, user_key, occurred_at,
                       type <> 'selector_failed' AS success,
                       type = 'selector_failed' AND reason IS DISTINCT FROM 'multiple_matches' AS failure,
                       type = 'selector_failed' AND reason = 'multiple_matches' AS ambiguous
                FROM outcomes
            ), reasons AS (
                SELECT item_type, item_id, step_id, strategy, value, jsonb_object_agg(reason, n) AS by_reason
                FROM (SELECT item_type, item_id, step_id, strategy, value, reason, count(*) AS n
                      FROM classified WHERE failure GROUP BY 1, 2, 3, 4, 5, 6) r
                GROUP BY 1, 2, 3, 4, 5
            ), totals AS (
                SELECT item_type, item_id, step_id, strategy, value,
                       count(*) FILTER (WHERE success) AS successes,
                       count(*) FILTER (WHERE failure) AS failures,
                       count(*) FILTER (WHERE ambiguous) AS multiple_matches,
                       count(DISTINCT user_key) FILTER (WHERE failure) AS affected_users,
                       count(DISTINCT user_key) FILTER (WHERE success OR failure) AS unique_users,
                       max(occurred_at) FILTER (WHERE failure) AS last_failure_at,
                       max(occurred_at) FILTER (WHERE success) AS last_success_at
                FROM classified
                GROUP BY 1, 2, 3, 4, 5
            )
            SELECT t.*, r.by_reason::text AS by_reason
            FROM totals t LEFT JOIN reasons r
              ON r.item_type = t.item_type AND r.item_id = t.item_id AND r.step_id IS NOT DISTINCT FROM t.step_id
             AND r.strategy IS NOT DISTINCT FROM t.strategy AND r.value IS NOT DISTINCT FROM t.value
            """;

    private final DatabaseClient db;

    SelectorHealthRepository(DatabaseClient db) {
        this.db = db;
    }

    Flux<SelectorStats> since(InternalContext context, Instant since) {
        return db.sql(SQL)
                .bind("org", context.organizationId())
                .bind("env", context.environment().wire())
                .bind("since", since)
                .map(SelectorHealthRepository::stats)
                .all();
    }

    private static SelectorStats stats(Readable row) {
        return new SelectorStats(
                row.get("item_type", String.class),
                row.get("item_id", String.class),
                row.get("step_id", String.class),
                row.get("strategy", String.class),
                row.get("value", String.class),
                row.get("successes", Long.class),
                row.get("failures", Long.class),
                row.get("multiple_matches", Long.class),
                reasons(row.get("by_reason", String.class)),
                row.get("affected_users", Long.class),
                row.get("unique_users", Long.class),
                row.get("last_failure_at", Instant.class),
                row.get("last_success_at", Instant.class));
    }

    private static Map<String, Long> reasons(String json) {
        Map<String, Long> reasons = new TreeMap<>();
        if (json != null) {
            for (Map.Entry<String, JsonNode> entry : JsonMapper.shared().readTree(json).properties()) {
                reasons.put(entry.getKey(), entry.getValue().longValue());
            }
        }
        return reasons;
    }
}
