package io.dropline.gateway.origins;

import java.time.Instant;
import java.util.List;

/** The allowed origins of one environment; {@code updatedAt} null while never set. */
record AllowedOriginsResponse(String environment, List<String> origins, Instant updatedAt) {
}
