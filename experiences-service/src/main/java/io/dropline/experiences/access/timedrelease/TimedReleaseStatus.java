package io.dropline.experiences.access.timedrelease;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.experiences.access.distribution.Participant;
import java.time.Instant;

/**
 * A consumer's state in a timed release (§8.5; the status values are ours, §14.4 item 33): NOT_ENTERED, GRANTED (with
 * {@code admissionGrant} and {@code expiresAt}: the release's closeAt, none while it has none), EXPIRED (the grant's
 * time passed unused), LEFT, COMPLETED, DENIED (with {@code reason}). Fields that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimedReleaseStatus(
        String timedReleaseId,
        String status,
        String admissionGrant,
        Instant enteredAt,
        Instant expiresAt,
        Instant leftAt,
        Instant completedAt,
        String reason) {

    static final String GRANTED = "GRANTED";
    static final String LEFT = "LEFT";
    static final String COMPLETED = "COMPLETED";
    static final String DENIED = "DENIED";

    static TimedReleaseStatus notEntered(String id) {
        return new TimedReleaseStatus(id, "NOT_ENTERED", null, null, null, null, null, null);
    }

    /** The row as the consumer sees it; {@code grant} is the signed grant of a GRANTED row (null otherwise). */
    static TimedReleaseStatus of(String id, Participant row, String grant, Instant now) {
        return switch (row.status()) {
            case GRANTED -> row.grantExpiresAt() != null && !row.grantExpiresAt().isAfter(now)
                    ? new TimedReleaseStatus(id, "EXPIRED", null, row.enteredAt(), row.grantExpiresAt(), null, null, null)
                    : new TimedReleaseStatus(id, GRANTED, grant, row.enteredAt(), row.grantExpiresAt(), null, null, null);
            case LEFT -> new TimedReleaseStatus(id, LEFT, null, row.enteredAt(), null, row.leftAt(), null, null);
            case COMPLETED -> new TimedReleaseStatus(id, COMPLETED, null, row.enteredAt(), null, null, row.completedAt(), null);
            default -> new TimedReleaseStatus(id, DENIED, null, row.enteredAt(), null, null, null, row.denyReason());
        };
    }

    /** The same state without its grant's signature (a grant signed again is no change). */
    TimedReleaseStatus withoutGrant() {
        return new TimedReleaseStatus(timedReleaseId, status, null, enteredAt, expiresAt, leftAt, completedAt, reason);
    }

    /** No further change will come: streams end here. */
    @JsonIgnore
    public boolean isFinal() {
        return !status.equals(GRANTED) && !status.equals("NOT_ENTERED");
    }

    /** Still taking part ({@code /consumers/me}). */
    @JsonIgnore
    public boolean isActive() {
        return status.equals(GRANTED);
    }
}
