package io.dropline.consumer.consumer;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Consumer ids: {@code cons_…}. A malformed id is answered exactly like an unknown one. */
final class ConsumerIds {

    static final String PREFIX = "cons";

    private ConsumerIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(ConsumerIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Consumer");
    }
}
