package io.dropline.experiences.access.queue;

import io.dropline.contracts.context.Environment;
import io.dropline.experiences.access.distribution.Lifecycle;
import io.dropline.experiences.access.line.QueueSettings;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** One row of {@code queues}, mapped by hand from SQL that states its columns. */
record QueueEntity(
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
        int admitRate,
        Integer capacity,
        Integer maxAdmissions,
        Integer admissionExpirationSeconds,
        boolean recycleExpiredSpots,
        String metadataJson,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, sequence_id, experience_id, name, time_zone, open_at, "
            + "close_at, supports_guest, admit_rate, capacity, max_admissions, admission_expiration_seconds, "
            + "recycle_expired_spots, metadata::text AS metadata, status_override, status_override_at, status_override_by, "
            + "created_at, updated_at";

    static QueueEntity from(Readable row) {
        return new QueueEntity(
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
                row.get("admit_rate", Integer.class),
                row.get("capacity", Integer.class),
                row.get("max_admissions", Integer.class),
                row.get("admission_expiration_seconds", Integer.class),
                row.get("recycle_expired_spots", Boolean.class),
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

    /** Closed for configuration: stopped by an admin, or its window is over. */
    boolean closedAt(Instant now) {
        return lifecycle().closedAt(now);
    }

    QueueSettings settings() {
        return new QueueSettings(id, organizationId, Environment.valueOf(environment.toUpperCase(Locale.ROOT)), experienceId,
                sequenceId, openAt, closeAt, admitRate, capacity, maxAdmissions, admissionExpirationSeconds, supportsGuest,
                recycleExpiredSpots, stopped());
    }
}
