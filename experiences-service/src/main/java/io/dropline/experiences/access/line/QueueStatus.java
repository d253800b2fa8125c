package io.dropline.experiences.access.line;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A consumer's state in a queue, as {@code enter}, {@code status} and the event stream answer it: a union on
 * {@code status} (api-decisions.md: NOT_QUEUED, QUEUED, GRANTED, LEFT, COMPLETED, DENIED). Fields that do not
 * apply to a status are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueStatus(
        String queueId,
        String status,
        Long position,
        Long estimatedWaitTimeInSeconds,
        String admissionGrant,
        Instant expiresAt,
        Instant dequeuedAt,
        Instant completedAt,
        String reason) {

    static QueueStatus notQueued(String queueId) {
        return new QueueStatus(queueId, "NOT_QUEUED", null, null, null, null, null, null, null);
    }

    static QueueStatus queued(String queueId, long position, int admitRatePerMinute) {
        long wait = (long) Math.ceil(position * 60.0 / Math.max(1, admitRatePerMinute));
        return new QueueStatus(queueId, "QUEUED", position, wait, null, null, null, null, null);
    }

    static QueueStatus granted(String queueId, String grant, Instant expiresAt) {
        return new QueueStatus(queueId, "GRANTED", null, null, grant, expiresAt, null, null, null);
    }

    static QueueStatus left(String queueId, Instant at) {
        return new QueueStatus(queueId, "LEFT", null, null, null, null, at, null, null);
    }

    static QueueStatus completed(String queueId, Instant at) {
        return new QueueStatus(queueId, "COMPLETED", null, null, null, null, null, at, null);
    }

    static QueueStatus denied(String queueId, String reason, Instant at) {
        return new QueueStatus(queueId, "DENIED", null, null, null, null, at, null, reason);
    }

    /** No further change will come: streams end here. */
    boolean isFinal() {
        return status.equals("COMPLETED") || status.equals("DENIED") || status.equals("LEFT");
    }
}
