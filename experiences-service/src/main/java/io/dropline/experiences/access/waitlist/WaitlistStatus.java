package io.dropline.experiences.access.waitlist;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.Participant;
import java.time.Instant;
import java.util.UUID;

/**
 * A consumer's state on a waitlist (§8.6: {@code waitlistId}, {@code isEntered}, {@code sequenceId},
 * {@code enteredAt}), with {@code status} (NOT_ENTERED, WAITING, NOTIFIED, LEFT, DENIED) and the wave that notified
 * them. Fields that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaitlistStatus(
        String waitlistId,
        boolean isEntered,
        String sequenceId,
        String consumerId,
        String status,
        Integer priority,
        Instant enteredAt,
        Instant notifiedAt,
        Integer notifiedWave,
        Instant leftAt,
        String reason) {

    static final String WAITING = "WAITING";
    static final String NOTIFIED = "NOTIFIED";
    static final String LEFT = "LEFT";
    static final String DENIED = "DENIED";

    static WaitlistStatus notEntered(WaitlistEntity waitlist, UUID consumer) {
        return new WaitlistStatus(waitlist.publicId(), false, Ids.format("seq", waitlist.sequenceId()), Ids.format("cons", consumer),
                "NOT_ENTERED", null, null, null, null, null, null);
    }

    static WaitlistStatus of(WaitlistEntity waitlist, Participant row) {
        boolean active = row.status().equals(WAITING) || row.status().equals(NOTIFIED);
        return new WaitlistStatus(waitlist.publicId(), active, Ids.format("seq", waitlist.sequenceId()), row.publicConsumerId(), row.status(),
                row.priority(), row.enteredAt(), row.notifiedAt(), row.notifiedWave(), row.leftAt(), row.denyReason());
    }

    /** No further change will come: streams end here. */
    @JsonIgnore
    public boolean isFinal() {
        return status.equals(LEFT) || status.equals(DENIED) || status.equals(NOTIFIED);
    }
}
