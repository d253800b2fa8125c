package io.dropline.experiences.access.journey;

import io.dropline.experiences.access.queue.QueueResponse;
import java.time.Instant;

/**
 * {@code GET /queues/{id}} for a publishable key: public fields only (no rates, limits, metadata or override
 * details). {@code status} is PENDING before openAt, OPEN in its window, CLOSED after closeAt or when stopped.
 */
public record PublicQueueView(
        String id,
        String name,
        String sequenceId,
        String experienceId,
        Integer capacity,
        Instant openAt,
        Instant closeAt,
        String timeZone,
        String status,
        boolean supportsGuest) {

    static PublicQueueView from(QueueResponse queue) {
        return new PublicQueueView(queue.id(), queue.name(), queue.sequenceId(), queue.experienceId(), queue.capacity(),
                queue.openAt(), queue.closeAt(), queue.timeZone(), publicStatus(queue), queue.supportsGuest());
    }

    /** The Consumer API's names for the admin lifecycle (SCHEDULED is PENDING there). */
    static String publicStatus(QueueResponse queue) {
        return "SCHEDULED".equals(queue.status()) ? "PENDING" : queue.status();
    }

    /** A queue as listed inside the public experience view. */
    public record Summary(String id, String name, Integer capacity, Instant openAt, Instant closeAt, String status,
            boolean supportsGuest) {

        static Summary from(QueueResponse queue) {
            return new Summary(queue.id(), queue.name(), queue.capacity(), queue.openAt(), queue.closeAt(), publicStatus(queue),
                    queue.supportsGuest());
        }
    }
}
