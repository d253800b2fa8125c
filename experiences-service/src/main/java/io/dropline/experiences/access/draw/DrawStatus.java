package io.dropline.experiences.access.draw;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A consumer's state in a draw, as {@code enter}, {@code status}, {@code leave} and the event stream answer it: a
 * union on {@code status} (NOT_ENTERED, ENTERED, WON, LOST, COMPLETED, DENIED, fanfare-api.md §8.2) with the consumer's
 * own {@code entryId} once entered, so they can find their entry in the published results. Fields that do not apply
 * to a status are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrawStatus(
        String drawId,
        String status,
        String entryId,
        Instant enteredAt,
        Instant leftAt,
        Instant drawnAt,
        Instant wonAt,
        String admissionGrant,
        Instant expiresAt,
        Instant completedAt,
        String reason,
        Instant deniedAt) {

    static DrawStatus notEntered(String drawId, Instant leftAt) {
        return new DrawStatus(drawId, "NOT_ENTERED", null, null, leftAt, null, null, null, null, null, null, null);
    }

    /** The status of an entry ({@code grant} signed for a live win, else null); the draw tells whether it was drawn. */
    static DrawStatus of(DrawEntity draw, DrawEntry entry, String grant, Instant now) {
        String drawId = DrawIds.format(draw.id());
        String entryId = DrawIds.entry(entry.entryId());
        return switch (entry.status()) {
            case DrawEntry.LEFT -> notEntered(drawId, entry.leftAt());
            case DrawEntry.ENTERED -> draw.drawn()
                    ? new DrawStatus(drawId, "LOST", entryId, entry.enteredAt(), null, draw.drawnAt(), null, null, null, null, null, null)
                    // Stopped by an admin before its draw: it will never be drawn.
                    : draw.stopped()
                    ? new DrawStatus(drawId, "DENIED", entryId, entry.enteredAt(), null, null, null, null, null, null, "DRAW_CLOSED",
                            draw.statusOverrideAt())
                    : new DrawStatus(drawId, "ENTERED", entryId, entry.enteredAt(), null, null, null, null, null, null, null, null);
            case DrawEntry.WON -> entry.grantExpiredAt(now)
                    // Lapsed, and the expiry job has not run yet: already what it will write.
                    ? new DrawStatus(drawId, "DENIED", entryId, entry.enteredAt(), null, draw.drawnAt(), entry.grantedAt(), null,
                            null, null, "ADMISSION_EXPIRED", entry.grantExpiresAt())
                    : new DrawStatus(drawId, "WON", entryId, entry.enteredAt(), null, draw.drawnAt(), entry.grantedAt(), grant,
                            entry.grantExpiresAt(), null, null, null);
            case DrawEntry.COMPLETED -> new DrawStatus(drawId, "COMPLETED", entryId, entry.enteredAt(), null, draw.drawnAt(),
                    entry.grantedAt(), null, null, entry.completedAt(), null, null);
            default -> new DrawStatus(drawId, "DENIED", entryId, entry.enteredAt(), null, draw.drawnAt(), entry.grantedAt(), null,
                    null, null, entry.denyReason(), entry.deniedAt());
        };
    }

    /** No further change will come: streams end here (a LOST entry may still be backfilled while the draw backfills). */
    boolean isFinal(boolean backfills) {
        return status.equals("COMPLETED") || status.equals("DENIED") || status.equals("LOST") && !backfills;
    }
}
