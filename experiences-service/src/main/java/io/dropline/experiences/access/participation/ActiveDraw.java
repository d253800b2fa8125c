package io.dropline.experiences.access.participation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.draw.DrawStatus;
import java.time.Instant;
import java.util.UUID;

/** A draw state as {@code GET /draws/{id}/status} answers it ({@link DrawStatus}) plus where the draw sits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ActiveDraw(
        String drawId,
        String status,
        String entryId,
        Instant enteredAt,
        Instant drawnAt,
        Instant wonAt,
        String admissionGrant,
        Instant expiresAt,
        String experienceId,
        String sequenceId) {

    static ActiveDraw of(DrawStatus state, UUID experienceId, UUID sequenceId) {
        return new ActiveDraw(state.drawId(), state.status(), state.entryId(), state.enteredAt(), state.drawnAt(), state.wonAt(),
                state.admissionGrant(), state.expiresAt(), Ids.format("exp", experienceId), Ids.format("seq", sequenceId));
    }
}
