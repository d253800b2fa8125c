package io.dropline.experiences.access.participation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.experiences.access.timedrelease.TimedReleaseEntries;
import java.time.Instant;

/** A timed release the consumer holds a live grant of: its status (as {@code GET /timed-releases/{id}/status}) and where it sits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ActiveTimedRelease(String timedReleaseId, String status, String admissionGrant, Instant enteredAt, Instant expiresAt,
        String experienceId, String sequenceId) {

    static ActiveTimedRelease of(TimedReleaseEntries.Active active) {
        return new ActiveTimedRelease(active.state().timedReleaseId(), active.state().status(), active.state().admissionGrant(),
                active.state().enteredAt(), active.state().expiresAt(), active.experienceId(), active.sequenceId());
    }
}
