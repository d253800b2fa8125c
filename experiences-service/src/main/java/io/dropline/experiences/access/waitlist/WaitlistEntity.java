package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionRef;
import io.dropline.experiences.access.distribution.Lifecycle;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** One row of {@code waitlists} (V9), mapped by hand from SQL that states its columns. */
record WaitlistEntity(
        UUID id,
        UUID organizationId,
        String environment,
        UUID sequenceId,
        UUID experienceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        boolean supportsGuest,
        Integer capacity,
        String notificationStrategy,
        Integer waveSize,
        Integer waveIntervalSeconds,
        Instant notifyAt,
        int signupCount,
        int wavesSent,
        String metadataJson,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, sequence_id, experience_id, name, time_zone, open_at, close_at, "
            + "supports_guest, capacity, notification_strategy, wave_size, wave_interval_seconds, notify_at, signup_count, waves_sent, "
            + "metadata::text AS metadata, status_override, status_override_at, status_override_by, created_at, updated_at";

    static WaitlistEntity from(Readable row) {
        return new WaitlistEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("sequence_id", UUID.class),
                row.get("experience_id", UUID.class),
                row.get("name", String.class),
                row.get("time_zone", String.class),
                row.get("open_at", Instant.class),
                row.get("close_at", Instant.class),
                row.get("supports_guest", Boolean.class),
                row.get("capacity", Integer.class),
                row.get("notification_strategy", String.class),
                row.get("wave_size", Integer.class),
                row.get("wave_interval_seconds", Integer.class),
                row.get("notify_at", Instant.class),
                row.get("signup_count", Integer.class),
                row.get("waves_sent", Integer.class),
                row.get("metadata", String.class),
                row.get("status_override", String.class),
                row.get("status_override_at", Instant.class),
                row.get("status_override_by", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    boolean stopped() {
        return statusOverride != null;
    }

    Lifecycle lifecycle() {
        return Lifecycle.of(openAt, closeAt, statusOverride);
    }

    String publicId() {
        return Ids.format(WaitlistIds.PREFIX, id);
    }

    DistributionRef ref() {
        return new DistributionRef(WaitlistIds.TYPE, publicId(), organizationId, Environment.valueOf(environment.toUpperCase(Locale.ROOT)),
                experienceId, sequenceId);
    }

    /** Whether a sign-up would be taken now (open, not stopped, not full): routing's overflow target. */
    boolean takesSignupsAt(Instant now) {
        return lifecycle().acceptsEntriesAt(now) && (capacity == null || signupCount < capacity);
    }
}
