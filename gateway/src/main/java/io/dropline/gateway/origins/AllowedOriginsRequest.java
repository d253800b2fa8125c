package io.dropline.gateway.origins;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code PUT /api/v1/settings/allowed-origins}: the whole new list ({@code []} allows no cross-origin page). Checked
 * in {@link AllowedOriginsService} (a missing list is a 400 there), not with Bean Validation annotations, whose first
 * message interpolation reads a resource bundle on the event loop.
 */
record AllowedOriginsRequest(@JsonProperty("origins") List<String> origins) {
}
