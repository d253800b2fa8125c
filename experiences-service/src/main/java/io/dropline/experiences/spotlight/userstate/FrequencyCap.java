package io.dropline.experiences.spotlight.userstate;

/**
 * An item's {@code frequency} caps (reference §11.2), checked against {@link UserState} on the server: at most
 * {@code maxImpressions} impressions per user, and at least {@code minIntervalSeconds} between two of them. Null
 * means no cap of that kind.
 */
public record FrequencyCap(Integer maxImpressions, Integer minIntervalSeconds) {

    public static final FrequencyCap NONE = new FrequencyCap(null, null);
}
