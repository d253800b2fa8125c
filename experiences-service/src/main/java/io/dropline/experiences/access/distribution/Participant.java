package io.dropline.experiences.access.distribution;

import io.dropline.contracts.id.Ids;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/**
 * One consumer's row in a participant table of the shape {@link Participants} serves (one row per distribution and
 * consumer; V9's {@code timed_release_entries} and {@code waitlist_entries}). Which statuses a type uses is the type's.
 */
public record Participant(
        UUID distributionId,
        UUID consumerId,
        long seq,
        String status,
        int priority,
        Instant enteredAt,
        UUID grantId,
        Instant grantedAt,
        Instant grantExpiresAt,
        Instant completedAt,
        Instant leftAt,
        Instant deniedAt,
        String denyReason,
        Instant notifiedAt,
        Integer notifiedWave) {

    static final String COLUMNS = "distribution_id, consumer_id, seq, status, priority, entered_at, grant_id, granted_at, "
            + "grant_expires_at, completed_at, left_at, denied_at, deny_reason, notified_at, notified_wave";

    static Participant from(Readable row) {
        return new Participant(
                row.get("distribution_id", UUID.class),
                row.get("consumer_id", UUID.class),
                row.get("seq", Long.class),
                row.get("status", String.class),
                row.get("priority", Integer.class),
                row.get("entered_at", Instant.class),
                row.get("grant_id", UUID.class),
                row.get("granted_at", Instant.class),
                row.get("grant_expires_at", Instant.class),
                row.get("completed_at", Instant.class),
                row.get("left_at", Instant.class),
                row.get("denied_at", Instant.class),
                row.get("deny_reason", String.class),
                row.get("notified_at", Instant.class),
                row.get("notified_wave", Integer.class));
    }

    public String publicConsumerId() {
        return Ids.format("cons", consumerId);
    }

    /** As the admin consumer list shows it ({@code GET /distributions/{id}/consumers}); no position outside a queue. */
    public EntryResponse.Row row() {
        return new EntryResponse.Row(seq, new EntryResponse(publicConsumerId(), status, null, enteredAt, grantedAt, grantExpiresAt,
                completedAt, denyReason));
    }

    /** The type's record of the grant this row holds, for {@link Grants#validate}: live, used, or taken back. */
    public Grants.GrantRecord grantRecord(String liveStatus, String completedStatus) {
        Grants.GrantRecord.State state = status.equals(liveStatus) ? Grants.GrantRecord.State.LIVE
                : status.equals(completedStatus) ? Grants.GrantRecord.State.COMPLETED : Grants.GrantRecord.State.REVOKED;
        return new Grants.GrantRecord(state, grantExpiresAt);
    }
}
