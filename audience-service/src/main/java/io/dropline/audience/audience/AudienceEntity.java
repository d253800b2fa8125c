package io.dropline.audience.audience;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code audiences}. Mapped by hand from SQL that states its columns (see AudienceRepository). */
record AudienceEntity(
        UUID id,
        UUID organizationId,
        String environment,
        String name,
        String description,
        AudienceType type,
        long memberCount,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, name, description, type, member_count, created_at, updated_at";

    static AudienceEntity from(Readable row) {
        return new AudienceEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("name", String.class),
                row.get("description", String.class),
                AudienceType.fromColumn(row.get("type", String.class)),
                row.get("member_count", Long.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }
}
