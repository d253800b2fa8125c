package io.dropline.consumer.session;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code consumer_sessions}, mapped by hand (see SessionRepository). */
record SessionEntity(
        UUID id,
        UUID organizationId,
        String environment,
        UUID consumerId,
        SessionType type,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {

    static final String COLUMNS = "id, organization_id, environment, consumer_id, type, created_at, expires_at, revoked_at";

    /** The same columns read through the alias {@code s}, for statements that join. */
    static final String ALIASED_COLUMNS = "s.id, s.organization_id, s.environment, s.consumer_id, s.type, s.created_at, "
            + "s.expires_at, s.revoked_at";

    static SessionEntity from(Readable row) {
        return new SessionEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("consumer_id", UUID.class),
                SessionType.fromWire(row.get("type", String.class)),
                row.get("created_at", Instant.class),
                row.get("expires_at", Instant.class),
                row.get("revoked_at", Instant.class));
    }
}
