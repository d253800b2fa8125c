package io.dropline.experiences.access.waitlist;

import java.time.Instant;

/** The writable configuration of a waitlist, complete. */
record WaitlistValues(String name, String timeZone, Instant openAt, Instant closeAt, boolean supportsGuest, Integer capacity,
        String notificationStrategy, Integer waveSize, Integer waveIntervalSeconds, Instant notifyAt, String metadataJson) {

    /** What a create starts from (§8.7: guests usually allowed; blast unless told otherwise). */
    static final WaitlistValues DEFAULTS = new WaitlistValues("Waitlist", null, null, null, true, null, "blast", null, null, null, null);

    static WaitlistValues of(WaitlistEntity entity) {
        return new WaitlistValues(entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(), entity.supportsGuest(),
                entity.capacity(), entity.notificationStrategy(), entity.waveSize(), entity.waveIntervalSeconds(), entity.notifyAt(),
                entity.metadataJson());
    }
}
