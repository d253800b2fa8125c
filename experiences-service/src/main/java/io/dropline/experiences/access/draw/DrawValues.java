package io.dropline.experiences.access.draw;

import java.time.Instant;

/** The writable configuration of a draw, complete: what an insert writes or an update leaves after merging. */
record DrawValues(
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        Instant drawAt,
        boolean supportsGuest,
        int winnerCount,
        Integer capacity,
        Integer admissionExpirationSeconds,
        boolean continueSelectingUntilCompleted,
        boolean loyaltyBiasEnabled,
        String metadataJson) {

    static DrawValues of(DrawEntity entity) {
        return new DrawValues(entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(), entity.drawAt(),
                entity.supportsGuest(), entity.winnerCount(), entity.capacity(), entity.admissionExpirationSeconds(),
                entity.continueSelectingUntilCompleted(), entity.loyaltyBiasEnabled(), entity.metadataJson());
    }
}
