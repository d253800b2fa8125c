package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Waitlist ids: {@code wl_…}. A malformed id is answered exactly like an unknown one. */
final class WaitlistIds {

    static final String PREFIX = "wl";
    static final String TYPE = "waitlist";

    private WaitlistIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(WaitlistIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Waitlist");
    }
}
