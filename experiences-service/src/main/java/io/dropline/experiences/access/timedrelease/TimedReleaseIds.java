package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Timed release ids: {@code trel_…}. A malformed id is answered exactly like an unknown one. */
final class TimedReleaseIds {

    static final String PREFIX = "trel";
    static final String TYPE = "timed_release";

    private TimedReleaseIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(TimedReleaseIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Timed release");
    }
}
