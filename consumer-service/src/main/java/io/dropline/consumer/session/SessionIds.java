package io.dropline.consumer.session;

import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Public id prefixes of this feature. */
final class SessionIds {

    static final String SESSION = "sess";
    static final String CONSUMER = "cons";
    static final String ORGANIZATION = "org";

    private SessionIds() {
    }

    static String session(UUID id) {
        return Ids.format(SESSION, id);
    }

    static String consumer(UUID id) {
        return Ids.format(CONSUMER, id);
    }
}
