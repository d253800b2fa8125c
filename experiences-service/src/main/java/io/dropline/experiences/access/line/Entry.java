package io.dropline.experiences.access.line;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code queue_entries}: a consumer's participation in a queue, as recorded. */
record Entry(
        UUID queueId,
        UUID consumerId,
        long seq,
        String status,
        Instant enteredAt,
        Instant dequeuedAt,
        UUID grantId,
        Instant grantedAt,
        Instant grantExpiresAt,
        Instant completedAt,
        String denyReason) {

    static final String COLUMNS = "queue_id, consumer_id, seq, status, entered_at, dequeued_at, grant_id, granted_at, "
            + "grant_expires_at, completed_at, deny_reason";

    static Entry from(Readable row) {
        return new Entry(
                row.get("queue_id", UUID.class),
                row.get("consumer_id", UUID.class),
                row.get("seq", Long.class),
                row.get("status", String.class),
                row.get("entered_at", Instant.class),
                row.get("dequeued_at", Instant.class),
                row.get("grant_id", UUID.class),
                row.get("granted_at", Instant.class),
                row.get("grant_expires_at", Instant.class),
                row.get("completed_at", Instant.class),
                row.get("deny_reason", String.class));
    }

    boolean is(String wanted) {
        return status.equals(wanted);
    }

    boolean grantExpiredAt(Instant now) {
        return grantExpiresAt != null && !grantExpiresAt.isAfter(now);
    }
}
