package io.dropline.experiences.access.experience;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code experiences} with the figures derived from its queues: the timing envelope (earliest
 * openAt, null if any queue opens immediately; latest closeAt, null if any is open-ended) and the counts the
 * status needs.
 */
record ExperienceEntity(
        UUID id,
        UUID organizationId,
        String environment,
        String name,
        String timeZone,
        String accessCode,
        String themeJson,
        String i18nJson,
        long queueCount,
        long stoppedCount,
        Instant openAt,
        Instant closeAt,
        Instant createdAt,
        Instant updatedAt) {

    /** The derived figures, to join as {@code d}: the queues are this service's own table. */
    static final String DERIVED = " LEFT JOIN LATERAL (SELECT count(*) AS queue_count, "
            + "count(*) FILTER (WHERE q.status_override IS NOT NULL) AS stopped_count, "
            + "CASE WHEN count(*) = 0 OR bool_or(q.open_at IS NULL) THEN NULL ELSE min(q.open_at) END AS open_at, "
            + "CASE WHEN count(*) = 0 OR bool_or(q.close_at IS NULL) THEN NULL ELSE max(q.close_at) END AS close_at "
            + "FROM queues q WHERE q.experience_id = e.id) d ON true";

    static final String COLUMNS = "e.id, e.organization_id, e.environment, e.name, e.time_zone, e.access_code, "
            + "e.theme::text AS theme, e.i18n::text AS i18n, d.queue_count, d.stopped_count, d.open_at, d.close_at, "
            + "e.created_at, e.updated_at";

    static ExperienceEntity from(Readable row) {
        return new ExperienceEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("name", String.class),
                row.get("time_zone", String.class),
                row.get("access_code", String.class),
                row.get("theme", String.class),
                row.get("i18n", String.class),
                row.get("queue_count", Long.class),
                row.get("stopped_count", Long.class),
                row.get("open_at", Instant.class),
                row.get("close_at", Instant.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    /** draft (no distributions), scheduled (opens later), completed (closed, or every queue stopped), else active. */
    String statusAt(Instant now) {
        if (queueCount == 0) {
            return "draft";
        }
        if (stoppedCount == queueCount || (closeAt != null && !now.isBefore(closeAt))) {
            return "completed";
        }
        return openAt != null && now.isBefore(openAt) ? "scheduled" : "active";
    }
}
