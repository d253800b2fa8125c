package io.dropline.gateway.streamtoken;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/v1/stream-tokens}: the status stream the token is for, e.g. {@code /api/v1/queues/que_…/status}
 * ({@code /api/…} without the version is accepted too).
 */
record StreamTokenRequest(
        @JsonProperty("path")
        @NotNull(message = "Required: the status stream's path, e.g. /api/v1/queues/{id}/status")
        @Pattern(regexp = "/api(/v1)?/(queues|draws|timed-releases|waitlists|auctions)/[A-Za-z0-9_-]{1,100}/status",
                message = "Must be the status path of a queue, draw, timed release, waitlist or auction: /api/v1/{type}/{id}/status")
        String path) {

    /** The canonical (versioned) path. */
    String versionedPath() {
        return path.startsWith("/api/v1/") ? path : "/api/v1/" + path.substring("/api/".length());
    }
}
