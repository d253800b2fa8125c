package io.dropline.gateway.spotlight;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /v1/admin/config/circuit-breaker}: {@code {"feature": "tours"|"content", "enabled": bool}}. */
public record CircuitBreakerRequest(@JsonProperty("feature") String feature, @JsonProperty("enabled") Boolean enabled) {
}
