package io.dropline.gateway.ratelimit;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.config.RateLimitProperties;
import io.dropline.gateway.config.RateLimitProperties.Limit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Which buckets a request pays into. Admin traffic: one bucket per organization × environment × category. Consumer
 * and SDK traffic: one bucket per consumer (or client address when anonymous) × category, plus the organization's
 * ceiling (consumer_ceiling, or sdk_ceiling for the Spotlight SDK). Every key of one request carries the same hash tag {@code {<org>:<env>}}, so the single Lua
 * call stays valid on Redis Cluster.
 */
class RateLimitPlanner {

    static final String CEILING = "consumer_ceiling";
    static final String SDK_CEILING = "sdk_ceiling";

    private final RateLimitProperties properties;
    private final String namespace;

    RateLimitPlanner(RateLimitProperties properties, String namespace) {
        this.properties = properties;
        this.namespace = namespace;
    }

    List<Bucket> plan(Caller caller, ServerHttpRequest request) {
        String tag = namespace + ":rl:{" + caller.organizationId() + ":" + caller.environment().wire() + "}:";
        Map<String, Object> overrides = caller.key().rateLimits();
        if (caller.surface() == ApiSurface.ADMIN || caller.surface() == ApiSurface.SPOTLIGHT_ADMIN) {
            String category = adminCategory(request);
            return List.of(bucket(tag + category, category, overrides));
        }
        String category = caller.surface() == ApiSurface.SDK ? "sdk" : consumerCategory(request);
        String subject = caller.consumerId() != null ? caller.consumerId() : "ip:" + caller.clientAddress();
        List<Bucket> buckets = new ArrayList<>(2);
        buckets.add(bucket(tag + category + ":" + subject, category, overrides));
        // The SDK has an organization-wide ceiling of its own: a busy customer site must not eat the consumer API's.
        String ceiling = caller.surface() == ApiSurface.SDK ? SDK_CEILING : CEILING;
        buckets.add(bucket(tag + ceiling, ceiling, overrides));
        return buckets;
    }

    static String adminCategory(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (Arrays.asList(path.split("/")).contains("batch")) {
            return "batch";
        }
        if (path.contains("/analytics/") || path.endsWith("/analytics")) {
            return "analytics";
        }
        HttpMethod method = request.getMethod();
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) ? "read" : "write";
    }

    static String consumerCategory(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (path.equals("/api/v1/auth/otp/request")) {
            return "otp";
        }
        if (path.startsWith("/api/v1/auth/")) {
            return "auth";
        }
        if (path.endsWith("/enter")) {
            return path.startsWith("/api/v1/draws/") ? "draw_entry" : "queue_entry";
        }
        if (path.startsWith("/api/v1/auctions/") && path.endsWith("/bid")) {
            return "bids";
        }
        if (path.endsWith("/status") || path.endsWith("/events") || path.endsWith("/archived-status")) {
            return "status";
        }
        return "consumer_read";
    }

    private Bucket bucket(String key, String category, Map<String, Object> overrides) {
        Limit limit = OrganizationLimits.effective(properties, category, overrides);
        return new Bucket(key, category, limit.perMinute(), Math.max(1, limit.capacity()));
    }
}
