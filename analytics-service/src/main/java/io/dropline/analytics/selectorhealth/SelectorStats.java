package io.dropline.analytics.selectorhealth;

import java.time.Instant;
import java.util.Map;

/** The raw figures of one selector (item, step, strategy, value) over the window, as the database counts them. */
record SelectorStats(
        String itemType,
        String itemId,
        String stepId,
        String strategy,
        String value,
        long successes,
        long failures,
        long multipleMatches,
        Map<String, Long> failuresByReason,
        long affectedUsers,
        long uniqueUsers,
        Instant lastFailureAt,
        Instant lastSuccessAt) {
}
