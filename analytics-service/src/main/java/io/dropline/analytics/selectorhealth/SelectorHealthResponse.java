package io.dropline.analytics.selectorhealth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/admin/analytics/selector-health}: every selector of the window, flagged ones first. */
record SelectorHealthResponse(
        @JsonProperty("window_days") int windowDays,
        @JsonProperty("failure_threshold") long failureThreshold,
        List<Item> items,
        long total) {

    /** One selector's health. {@code failure_rate} is null when nothing was attempted (only ambiguous matches). */
    record Item(
            @JsonProperty("item_type") String itemType,
            @JsonProperty("item_id") String itemId,
            @JsonProperty("step_id") String stepId,
            @JsonProperty("element_target") ElementTarget elementTarget,
            long attempts,
            long successes,
            long failures,
            @JsonProperty("failure_rate") Double failureRate,
            @JsonProperty("failures_by_reason") Map<String, Long> failuresByReason,
            Map<String, Long> warnings,
            @JsonProperty("affected_users") long affectedUsers,
            @JsonProperty("unique_users") long uniqueUsers,
            @JsonProperty("last_failure_at") Instant lastFailureAt,
            @JsonProperty("last_success_at") Instant lastSuccessAt,
            boolean flagged,
            String status) {

        static Item from(SelectorStats stats, long failureThreshold) {
            long attempts = stats.successes() + stats.failures();
            boolean flagged = stats.failures() >= failureThreshold;
            String status = !flagged ? "healthy" : stats.successes() == 0 ? "broken" : "degraded";
            return new Item(stats.itemType(), stats.itemId(), stats.stepId(),
                    new ElementTarget(stats.strategy(), stats.value()), attempts, stats.successes(), stats.failures(),
                    attempts == 0 ? null : rate(stats.failures(), attempts), stats.failuresByReason(),
                    Map.of("multiple_matches", stats.multipleMatches()), stats.affectedUsers(), stats.uniqueUsers(),
                    stats.lastFailureAt(), stats.lastSuccessAt(), flagged, status);
        }

        /** Four decimals: enough to rank, and stable to compare in a dashboard. */
        private static double rate(long failures, long attempts) {
            return Math.round(failures * 10_000.0 / attempts) / 10_000.0;
        }
    }

    /** The selector as the SDK reported it: the targeting strategy and its value. */
    record ElementTarget(String strategy, String value) {
    }
}
