package io.dropline.experiences.access.sequence;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Sequence ids: {@code seq_…}. A malformed id is answered exactly like an unknown one. */
final class SequenceIds {

    static final String PREFIX = "seq";

    private SequenceIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(SequenceIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Sequence");
    }
}
