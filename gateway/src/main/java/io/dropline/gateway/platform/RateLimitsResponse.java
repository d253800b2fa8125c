package io.dropline.gateway.platform;

import io.dropline.contracts.id.Ids;
import io.dropline.gateway.config.RateLimitProperties;
import io.dropline.gateway.config.RateLimitProperties.Limit;
import io.dropline.gateway.ratelimit.OrganizationLimits;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An organization's rate limits as the limiter applies them, every category in name order.
 *
 * @param limits category → its limit: {@code perMinute} (refill), {@code burst} (the bucket's capacity) and whether the
 *               organization overrides the default ({@code overridden})
 */
record RateLimitsResponse(String organizationId, Map<String, CategoryLimit> limits) {

    record CategoryLimit(int perMinute, int burst, boolean overridden) {
    }

    static RateLimitsResponse of(UUID organizationId, RateLimitProperties properties, Map<String, Object> overrides) {
        Map<String, CategoryLimit> limits = new TreeMap<>();
        for (String category : properties.categories().keySet()) {
            Limit limit = OrganizationLimits.effective(properties, category, overrides);
            limits.put(category, new CategoryLimit(limit.perMinute(), Math.max(1, limit.capacity()), overrides.containsKey(category)));
        }
        return new RateLimitsResponse(Ids.format("org", organizationId), limits);
    }
}
