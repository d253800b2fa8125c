package io.dropline.experiences.access.draw;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code draw_entries}. */
record DrawEntry(
        UUID drawId,
        UUID consumerId,
        UUID entryId,
        long seq,
        String status,
        boolean excluded,
        String drawKey,
        int weight,
        Integer selection,
        Instant enteredAt,
        Instant leftAt,
        UUID grantId,
        Instant grantedAt,
        Instant grantExpiresAt,
        Instant completedAt,
        Instant deniedAt,
        String denyReason) {

    static final String ENTERED = "ENTERED";
    static final String LEFT = "LEFT";
    static final String WON = "WON";
    static final String COMPLETED = "COMPLETED";
    static final String DENIED = "DENIED";

    static final String COLUMNS = "draw_id, consumer_id, entry_id, seq, status, excluded, draw_key, weight, selection, entered_at, "
            + "left_at, grant_id, granted_at, grant_expires_at, completed_at, denied_at, deny_reason";

    static DrawEntry from(Readable row) {
        return new DrawEntry(
                row.get("draw_id", UUID.class),
                row.get("consumer_id", UUID.class),
                row.get("entry_id", UUID.class),
                row.get("seq", Long.class),
                row.get("status", String.class),
                row.get("excluded", Boolean.class),
                row.get("draw_key", String.class),
                row.get("weight", Integer.class),
                row.get("selection", Integer.class),
                row.get("entered_at", Instant.class),
                row.get("left_at", Instant.class),
                row.get("grant_id", UUID.class),
                row.get("granted_at", Instant.class),
                row.get("grant_expires_at", Instant.class),
                row.get("completed_at", Instant.class),
                row.get("denied_at", Instant.class),
                row.get("deny_reason", String.class));
    }

    static String prefixed(String alias) {
        return String.join(", ", java.util.Arrays.stream(COLUMNS.split(", ")).map(column -> alias + "." + column).toList());
    }

    boolean is(String state) {
        return status.equals(state);
    }

    boolean grantExpiredAt(Instant now) {
        return grantExpiresAt != null && !grantExpiresAt.isAfter(now);
    }
}
