package io.dropline.experiences.access.queue;

import java.time.Instant;

/** The writable configuration of a queue, complete: what an insert writes or an update leaves after merging. */
record QueueValues(
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        boolean supportsGuest,
        int admitRate,
        Integer capacity,
        Integer maxAdmissions,
        Integer admissionExpirationSeconds,
        boolean recycleExpiredSpots,
        String metadataJson) {

    static QueueValues of(QueueEntity entity) {
        return new QueueValues(entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(), entity.supportsGuest(),
                entity.admitRate(), entity.capacity(), entity.maxAdmissions(), entity.admissionExpirationSeconds(),
                entity.recycleExpiredSpots(), entity.metadataJson());
    }
}
