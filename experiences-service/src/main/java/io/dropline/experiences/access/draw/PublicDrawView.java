package io.dropline.experiences.access.draw;

import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.Lifecycle;
import java.time.Instant;

/**
 * {@code GET /draws/{id}} for a publishable key (fanfare-api.md §8.2): the public status PENDING / OPEN / CLOSED /
 * DRAWN, the times, and the seed commitment, public from creation so anyone can later check the revealed seed.
 */
public record PublicDrawView(
        String id,
        String name,
        String experienceId,
        String sequenceId,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        Instant drawAt,
        Integer capacity,
        int winnerCount,
        boolean supportsGuest,
        boolean loyaltyBiasEnabled,
        String seedCommitment,
        String status,
        String timing,
        int entrantCount,
        Instant drawnAt) {

    static PublicDrawView from(DrawEntity draw, Instant now) {
        Lifecycle lifecycle = draw.lifecycle();
        String status = switch (lifecycle.statusAt(now)) {
            case DRAFT, SCHEDULED -> "PENDING";
            case OPEN -> "OPEN";
            case DRAWN, COMPLETED -> "DRAWN";
            default -> "CLOSED";
        };
        return new PublicDrawView(DrawIds.format(draw.id()), draw.name(), Ids.format("exp", draw.experienceId()),
                Ids.format("seq", draw.sequenceId()), draw.timeZone(), draw.openAt(), draw.closeAt(), draw.drawAt(), draw.capacity(),
                draw.winnerCount(), draw.supportsGuest(), draw.loyaltyBiasEnabled(), draw.seedCommitment(), status,
                lifecycle.timingAt(now).wire(), draw.activeEntries(), draw.drawnAt());
    }
}
