package io.dropline.experiences.access.distribution;

import io.dropline.contracts.id.Ids;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/**
 * One consumer's participation in a distribution (a queue so far); {@code position} (1-based among those waiting)
 * only while QUEUED.
 */
public record EntryResponse(String consumerId, String status, Long position, Instant enteredAt, Instant grantedAt,
        Instant grantExpiresAt, Instant completedAt, String deniedReason) {

    /** An entry and its arrival number, which orders the list and makes its cursor. */
    public record Row(long seq, EntryResponse entry) {

        public static Row from(Readable row) {
            return new Row(row.get("seq", Long.class), new EntryResponse(
                    Ids.format("cons", row.get("consumer_id", UUID.class)),
                    row.get("status", String.class),
                    row.get("position", Long.class),
                    row.get("entered_at", Instant.class),
                    row.get("granted_at", Instant.class),
                    row.get("grant_expires_at", Instant.class),
                    row.get("completed_at", Instant.class),
                    row.get("deny_reason", String.class)));
        }
    }
}
