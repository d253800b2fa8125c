package io.dropline.experiences.access.participation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.line.QueueStatus;
import java.time.Instant;
import java.util.UUID;

/** A queue state as the engine answers it ({@link QueueStatus}) plus where the queue sits: experience and sequence. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ActiveQueue(
        String queueId,
        String status,
        Long position,
        Long estimatedWaitTimeInSeconds,
        String admissionGrant,
        Instant expiresAt,
        Instant dequeuedAt,
        Instant completedAt,
        String reason,
        String experienceId,
        String sequenceId) {

    static ActiveQueue of(QueueStatus state, UUID experienceId, UUID sequenceId) {
        return new ActiveQueue(state.queueId(), state.status(), state.position(), state.estimatedWaitTimeInSeconds(),
                state.admissionGrant(), state.expiresAt(), state.dequeuedAt(), state.completedAt(), state.reason(),
                Ids.format("exp", experienceId), Ids.format("seq", sequenceId));
    }
}
