package io.dropline.gateway.streamtoken;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropline.contracts.error.ApiException;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/stream-tokens}: the status stream the token is for, e.g. {@code /api/v1/queues/que_…/status}
 * ({@code /api/…} without the version is accepted too). Checked by hand rather than with Bean Validation
 * annotations: the validator's first message interpolation loads a resource bundle, a file read on the event loop.
 */
record StreamTokenRequest(@JsonProperty("path") String path) {

    private static final Pattern PATH =
            Pattern.compile("/api(/v1)?/(queues|draws|timed-releases|waitlists|auctions)/[A-Za-z0-9_-]{1,100}/status");

    /** The canonical (versioned) path, or a 400 naming {@code path}. */
    String versionedPath() {
        if (path == null || !PATH.matcher(path).matches()) {
            throw ApiException.validation("path", "Must be the status path of a queue, draw, timed release, waitlist "
                    + "or auction: /api/v1/{type}/{id}/status");
        }
        return path.startsWith("/api/v1/") ? path : "/api/v1/" + path.substring("/api/".length());
    }
}
