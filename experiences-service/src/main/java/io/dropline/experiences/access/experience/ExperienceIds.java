package io.dropline.experiences.access.experience;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Experience ids: {@code exp_…}. A malformed id is answered exactly like an unknown one. */
final class ExperienceIds {

    static final String PREFIX = "exp";

    private ExperienceIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(ExperienceIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Experience");
    }
}
