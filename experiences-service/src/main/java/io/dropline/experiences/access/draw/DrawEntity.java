package io.dropline.experiences.access.draw;

import io.dropline.contracts.context.Environment;
import io.dropline.experiences.access.distribution.DistributionRef;
import io.dropline.experiences.access.distribution.Lifecycle;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** One row of {@code draws}, mapped by hand from SQL that states its columns. The seed is only ever read server-side. */
record DrawEntity(
        UUID id,
        UUID organizationId,
        String environment,
        UUID sequenceId,
        UUID experienceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        Instant drawAt,
        boolean supportsGuest,
        int winnerCount,
        Integer capacity,
        Integer admissionExpirationSeconds,
        boolean continueSelectingUntilCompleted,
        boolean loyaltyBiasEnabled,
        String metadataJson,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        byte[] seed,
        String seedCommitment,
        int activeEntries,
        Instant drawnAt,
        Integer entryCount,
        int selectedCount,
        String selectedThroughKey,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, sequence_id, experience_id, name, time_zone, open_at, "
            + "close_at, draw_at, supports_guest, winner_count, capacity, admission_expiration_seconds, "
            + "continue_selecting_until_completed, loyalty_bias_enabled, metadata::text AS metadata, status_override, "
            + "status_override_at, status_override_by, seed, seed_commitment, active_entries, drawn_at, entry_count, "
            + "selected_count, selected_through_key, completed_at, created_at, updated_at";

    static DrawEntity from(Readable row) {
        return new DrawEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("sequence_id", UUID.class),
                row.get("experience_id", UUID.class),
                row.get("name", String.class),
                row.get("time_zone", String.class),
                row.get("open_at", Instant.class),
                row.get("close_at", Instant.class),
                row.get("draw_at", Instant.class),
                row.get("supports_guest", Boolean.class),
                row.get("winner_count", Integer.class),
                row.get("capacity", Integer.class),
                row.get("admission_expiration_seconds", Integer.class),
                row.get("continue_selecting_until_completed", Boolean.class),
                row.get("loyalty_bias_enabled", Boolean.class),
                row.get("metadata", String.class),
                row.get("status_override", String.class),
                row.get("status_override_at", Instant.class),
                row.get("status_override_by", String.class),
                row.get("seed", byte[].class),
                row.get("seed_commitment", String.class),
                row.get("active_entries", Integer.class),
                row.get("drawn_at", Instant.class),
                row.get("entry_count", Integer.class),
                row.get("selected_count", Integer.class),
                row.get("selected_through_key", String.class),
                row.get("completed_at", Instant.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    boolean stopped() {
        return statusOverride != null;
    }

    boolean drawn() {
        return drawnAt != null;
    }

    /**
     * The core's lifecycle, entries accepted in [openAt, closeAt) and never from drawAt on; CLOSED until the draw,
     * DRAWN after it, COMPLETED once winnerCount completions are reached or nothing is left to select.
     */
    Lifecycle lifecycle() {
        Instant entriesEnd = closeAt == null || drawAt.isBefore(closeAt) ? drawAt : closeAt;
        Lifecycle lifecycle = Lifecycle.of(openAt, entriesEnd, statusOverride);
        if (completedAt != null) {
            return lifecycle.ended(Lifecycle.Status.COMPLETED);
        }
        return drawn() ? lifecycle.ended(Lifecycle.Status.DRAWN) : lifecycle;
    }

    /** Closed for configuration: stopped, past its entry window, or drawn. */
    boolean closedAt(Instant now) {
        return drawn() || lifecycle().closedAt(now);
    }

    Environment env() {
        return Environment.valueOf(environment.toUpperCase(Locale.ROOT));
    }

    DistributionRef ref() {
        return new DistributionRef(DrawTimers.TYPE, DrawIds.format(id), organizationId, env(), experienceId, sequenceId);
    }
}
