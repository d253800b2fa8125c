package io.dropline.gateway.spotlight;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropline.gateway.spotlight.ConfigDocument.AdminStrategy;
import io.dropline.gateway.spotlight.ConfigDocument.JwksSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/admin/config}: the stored document with defaults filled in, and the kill switch. */
public record ConfigResponse(
        @JsonProperty("admin_strategy") AdminStrategy adminStrategy,
        @JsonProperty("jwks") JwksSource jwks,
        @JsonProperty("allowed_origins") List<String> allowedOrigins,
        @JsonProperty("feature_flags") Map<String, Boolean> featureFlags,
        @JsonProperty("circuit_breaker") BreakerResponse circuitBreaker,
        @JsonProperty("updated_at") Instant updatedAt) {

    static ConfigResponse from(SpotlightConfig config) {
        Map<String, Boolean> flags = config.document().featureFlags();
        return new ConfigResponse(config.adminStrategy(), config.jwks(), config.allowedOrigins(),
                flags == null ? Map.of() : flags, BreakerResponse.from(config), config.updatedAt());
    }

    /** The kill switch: {@code enabled: false} stops serving that feature to end users. */
    public record BreakerResponse(
            @JsonProperty("tours") FeatureState tours,
            @JsonProperty("content") FeatureState content) {

        static BreakerResponse from(SpotlightConfig config) {
            return new BreakerResponse(new FeatureState(config.toursEnabled()), new FeatureState(config.contentEnabled()));
        }
    }

    public record FeatureState(@JsonProperty("enabled") boolean enabled) {
    }
}
