package io.dropline.experiences.access.line;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Where the engine reads a queue's settings from. The engine owns this interface and the {@link QueueSettings} it
 * returns; the admin {@code queue} feature implements it. So the engine never depends on the admin feature, which
 * depends on the engine (for statistics), and the two form no cycle.
 */
public interface QueueSettingsSource {

    /** The settings of a queue by primary key, whatever its tenant; empty when there is no such queue. */
    Mono<QueueSettings> settings(UUID queueId);
}
