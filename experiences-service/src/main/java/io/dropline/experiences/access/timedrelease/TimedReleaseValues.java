package io.dropline.experiences.access.timedrelease;

import java.time.Instant;

/** The writable configuration of a timed release, complete. */
record TimedReleaseValues(String name, String timeZone, Instant openAt, Instant closeAt, boolean supportsGuest, String metadataJson) {

    /** What a create starts from; name and supportsGuest are always given. */
    static final TimedReleaseValues DEFAULTS = new TimedReleaseValues(null, null, null, null, false, null);

    static TimedReleaseValues of(TimedReleaseEntity entity) {
        return new TimedReleaseValues(entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(), entity.supportsGuest(),
                entity.metadataJson());
    }
}
