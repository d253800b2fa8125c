package io.dropline.audience.audience;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Audience ids ({@code aud_…}) and consumer ids ({@code cons_…}). A malformed audience id is answered like an unknown one. */
final class AudienceIds {

    static final String PREFIX = "aud";
    static final String CONSUMER_PREFIX = "cons";

    private AudienceIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(AudienceIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Audience");
    }

    static String format(UUID id) {
        return Ids.format(PREFIX, id);
    }

    static String formatConsumer(UUID id) {
        return Ids.format(CONSUMER_PREFIX, id);
    }
}
