package io.dropline.experiences.access.participation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.experiences.access.waitlist.WaitlistEntries;
import java.time.Instant;

/** A waitlist the consumer is signed up on (WAITING or NOTIFIED) and where it sits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ActiveWaitlist(String waitlistId, String status, Instant enteredAt, Instant notifiedAt, Integer notifiedWave,
        String experienceId, String sequenceId) {

    static ActiveWaitlist of(WaitlistEntries.Active active) {
        return new ActiveWaitlist(active.state().waitlistId(), active.state().status(), active.state().enteredAt(),
                active.state().notifiedAt(), active.state().notifiedWave(), active.experienceId(), active.state().sequenceId());
    }
}
