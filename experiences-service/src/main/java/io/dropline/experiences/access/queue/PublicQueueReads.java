package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.InternalContext;
import reactor.core.publisher.Mono;

/**
 * The Consumer API's answer to {@code GET /queues/{id}}, a path shared with the Admin API (api-decisions.md,
 * "Which API"). The journey feature provides it; this feature owns the interface, so the dependency runs one way
 * (journey on queue) and {@link QueueController} still maps the path once.
 */
public interface PublicQueueReads {

    /** The public view of the queue, for a publishable key. */
    Mono<?> queue(InternalContext context, String id);
}
