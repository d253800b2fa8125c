package io.dropline.experiences.access.draw;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Draw ids ({@code draw_…}) and entry ids ({@code dentry_…}). A malformed id is answered exactly like an unknown one. */
final class DrawIds {

    static final String PREFIX = "draw";
    static final String ENTRY_PREFIX = "dentry";

    private DrawIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(DrawIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Draw");
    }

    static String format(UUID id) {
        return Ids.format(PREFIX, id);
    }

    static String entry(UUID id) {
        return Ids.format(ENTRY_PREFIX, id);
    }
}
