package io.dropline.analytics.webhook;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;

/** A claimed delivery: what to send where, and how many attempts this round has had. */
record Delivery(UUID id, UUID endpointId, UUID organizationId, String environment, UUID eventId, String eventType,
        Instant occurredAt, String payload, int attempts, int roundStart) {

    static final String COLUMNS = "id, endpoint_id, organization_id, environment, event_id, event_type, occurred_at, payload, "
            + "attempts, round_start";

    static Delivery from(Readable row) {
        return new Delivery(row.get("id", UUID.class), row.get("endpoint_id", UUID.class), row.get("organization_id", UUID.class),
                row.get("environment", String.class), row.get("event_id", UUID.class), row.get("event_type", String.class),
                row.get("occurred_at", Instant.class), row.get("payload", String.class), row.get("attempts", Integer.class),
                row.get("round_start", Integer.class));
    }

    /** 0 for the first attempt of the round, 1–7 for the retries (X-Fanfare-Retry-Count). */
    int retryCount() {
        return attempts - roundStart;
    }
}
