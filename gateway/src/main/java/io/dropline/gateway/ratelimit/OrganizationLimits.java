package io.dropline.gateway.ratelimit;

import io.dropline.gateway.config.RateLimitProperties;
import io.dropline.gateway.config.RateLimitProperties.Limit;
import java.util.Map;

/**
 * How an organization's override of a category's limit (its {@code rate_limits} document) combines with the
 * default: the one rule the limiter applies to every request and the platform operator's API shows.
 */
public final class OrganizationLimits {

    /** A category without a configured default (none today) is limited as generously as the read category. */
    static final Limit FALLBACK = new Limit(1000, null);

    private OrganizationLimits() {
    }

    /**
     * The organization's override wins: a bare number is a per-minute figure (the default burst still caps the
     * capacity when it is smaller), an object {@code {perMinute, burst}} sets both. Anything else (none, zero,
     * negative, malformed) leaves the default.
     */
    public static Limit effective(RateLimitProperties properties, String category, Map<String, Object> overrides) {
        Limit limit = properties.categories().getOrDefault(category, FALLBACK);
        Object override = overrides.get(category);
        if (override instanceof Number perMinute && perMinute.intValue() > 0) {
            int capacity = limit.burst() == null ? perMinute.intValue() : Math.min(limit.burst(), perMinute.intValue());
            return new Limit(perMinute.intValue(), capacity);
        }
        if (override instanceof Map<?, ?> custom && custom.get("perMinute") instanceof Number perMinute
                && perMinute.intValue() > 0) {
            Object burst = custom.get("burst");
            return new Limit(perMinute.intValue(), burst instanceof Number number && number.intValue() > 0 ? number.intValue() : null);
        }
        return limit;
    }
}
