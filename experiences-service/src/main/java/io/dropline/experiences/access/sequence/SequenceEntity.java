package io.dropline.experiences.access.sequence;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code sequences}, mapped by hand from SQL that states its columns. */
record SequenceEntity(
        UUID id,
        UUID organizationId,
        String environment,
        UUID experienceId,
        String name,
        int priority,
        String color,
        UUID audienceId,
        String accessCode,
        String productSelectionMode,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, experience_id, name, priority, color, audience_id, "
            + "access_code, product_selection_mode, created_at, updated_at";

    static SequenceEntity from(Readable row) {
        return new SequenceEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("experience_id", UUID.class),
                row.get("name", String.class),
                row.get("priority", Integer.class),
                row.get("color", String.class),
                row.get("audience_id", UUID.class),
                row.get("access_code", String.class),
                row.get("product_selection_mode", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
