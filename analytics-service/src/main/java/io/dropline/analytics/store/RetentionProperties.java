package io.dropline.analytics.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the rollups are kept ({@code dropline.analytics.retention.*}; docs/analytics.md "Retention").
 *
 * @param minuteRollups how long 1-minute rollup rows are kept; never less than what a query can still read
 *                      ({@link RollupRows#QUERY_REACH} and a day: intervals under an hour, and zones with half-hour
 *                      offsets, read minute rows over the whole 90-day range)
 * @param hourRollups   how long 1-hour rollup rows are kept; at least as long as the minute rows
 * @param interval      how often a replica tries a pruning pass (one replica prunes at a time)
 * @param batchSize     rows deleted per transaction, so a pass never holds many row locks or a long transaction
 * @param enabled       off for tests that must not see rows disappear
 */
@ConfigurationProperties("dropline.analytics.retention")
public record RetentionProperties(
        @DefaultValue("91d") Duration minuteRollups,
        @DefaultValue("400d") Duration hourRollups,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("true") boolean enabled) {

    public RetentionProperties {
        Duration floor = RollupRows.QUERY_REACH.plusDays(1);
        if (minuteRollups.compareTo(floor) < 0) {
            throw new IllegalArgumentException("dropline.analytics.retention.minute-rollups must be at least " + floor.toDays()
                    + "d: queries read minute rows " + RollupRows.QUERY_REACH.toDays() + " days back");
        }
        if (hourRollups.compareTo(minuteRollups) < 0) {
            throw new IllegalArgumentException("dropline.analytics.retention.hour-rollups must be at least minute-rollups");
        }
        if (batchSize < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("dropline.analytics.retention: batch-size and interval must be positive");
        }
    }
}
