package io.dropline.gateway.origins;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** {@code PUT /api/v1/settings/allowed-origins}: the whole new list ({@code []} allows no cross-origin page). */
record AllowedOriginsRequest(@JsonProperty("origins") @NotNull(message = "Required: a list of origins") List<String> origins) {
}
