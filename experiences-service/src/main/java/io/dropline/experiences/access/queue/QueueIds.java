package io.dropline.experiences.access.queue;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Queue ids: {@code queue_…}. A malformed id is answered exactly like an unknown one. */
final class QueueIds {

    static final String PREFIX = "queue";

    private QueueIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(QueueIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Queue");
    }
}
