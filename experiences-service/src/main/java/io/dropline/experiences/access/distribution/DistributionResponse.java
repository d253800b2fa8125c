package io.dropline.experiences.access.distribution;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.dropline.experiences.access.queue.QueueResponse;

/** A distribution of any type: {@code type} plus that type's own fields (only queues exist so far). */
public record DistributionResponse(String type, @JsonUnwrapped QueueResponse queue) {

    static DistributionResponse of(QueueResponse queue) {
        return new DistributionResponse("queue", queue);
    }
}
