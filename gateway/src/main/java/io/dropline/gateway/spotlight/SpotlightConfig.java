package io.dropline.gateway.spotlight;

import com.nimbusds.jose.jwk.JWK;
import io.dropline.gateway.origins.Origins;
import io.dropline.gateway.spotlight.ConfigDocument.AdminStrategy;
import io.dropline.gateway.spotlight.ConfigDocument.JwksSource;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant's Spotlight config as the edge uses it on every request: the admin strategy, the JWKS source (inline keys
 * already parsed), the SDK's allowed origins and the kill switch.
 *
 * @param inlineKeys the inline JWKS by kid (empty when the source is a URL or absent)
 * @param updatedAt  last write of the config or the kill switch, or null when the tenant never configured Spotlight
 */
public record SpotlightConfig(ConfigDocument document, boolean toursEnabled, boolean contentEnabled, Instant updatedAt,
        Map<String, JWK> inlineKeys) {

    public static final String TOURS = "tours";
    public static final String CONTENT = "content";

    static SpotlightConfig of(ConfigDocument document, boolean toursEnabled, boolean contentEnabled, Instant updatedAt) {
        return new SpotlightConfig(document, toursEnabled, contentEnabled, updatedAt, parseInline(document.jwks()));
    }

    static SpotlightConfig unconfigured() {
        return of(ConfigDocument.EMPTY, true, true, null);
    }

    /**
     * This config showing the tenant's allowed origins: they live in the one {@code allowed_origins} store the Consumer
     * API reads too ({@link io.dropline.gateway.origins.AllowedOrigins}); the document field is only a view of it.
     */
    SpotlightConfig withAllowedOrigins(List<String> origins) {
        ConfigDocument viewed = new ConfigDocument(document.adminStrategy(), document.jwks(), List.copyOf(origins),
                document.featureFlags());
        return new SpotlightConfig(viewed, toursEnabled, contentEnabled, updatedAt, inlineKeys);
    }

    public AdminStrategy adminStrategy() {
        return document.adminStrategy() == null ? AdminStrategy.DEFAULT : document.adminStrategy();
    }

    /** The JWKS source, or null when none is configured (every admin token is then refused). */
    public JwksSource jwks() {
        return document.jwks();
    }

    public List<String> allowedOrigins() {
        return document.allowedOrigins() == null ? List.of() : document.allowedOrigins();
    }

    /** Whether a browser page at this {@code Origin} may call the SDK API; an empty list allows every origin. */
    public boolean allowsOrigin(String origin) {
        List<String> allowed = allowedOrigins();
        if (allowed.isEmpty()) {
            return true;
        }
        String normalized = Origins.normalize(origin);
        return normalized != null && allowed.contains(normalized);
    }

    public Set<String> disabledFeatures() {
        Set<String> disabled = new TreeSet<>();
        if (!toursEnabled) {
            disabled.add(TOURS);
        }
        if (!contentEnabled) {
            disabled.add(CONTENT);
        }
        return disabled;
    }

    /** The stored keys were validated on write; anything that still fails to parse is left out, never trusted. */
    private static Map<String, JWK> parseInline(JwksSource jwks) {
        if (jwks == null || jwks.keys() == null) {
            return Map.of();
        }
        List<JWK> keys = new ArrayList<>();
        for (Map<String, Object> key : jwks.keys()) {
            try {
                keys.add(JWK.parse(key));
            } catch (ParseException | RuntimeException unusable) {
                // left out: a key we cannot parse verifies nothing
            }
        }
        return JwkRules.usable(keys);
    }
}
