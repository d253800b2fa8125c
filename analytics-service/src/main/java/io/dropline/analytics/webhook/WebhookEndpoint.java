package io.dropline.analytics.webhook;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A stored webhook endpoint (secrets included: never rendered as such, see {@link WebhookResponse}). */
record WebhookEndpoint(UUID id, UUID organizationId, String environment, String url, List<String> events, boolean enabled,
        String disabledReason, String secret, String previousSecret, Instant previousSecretExpiresAt,
        int consecutiveFailures, Instant failingSince, Instant createdAt, Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, url, events, enabled, disabled_reason, secret, "
            + "previous_secret, previous_secret_expires_at, consecutive_failures, failing_since, created_at, updated_at";

    static WebhookEndpoint from(Readable row) {
        String[] events = row.get("events", String[].class);
        return new WebhookEndpoint(row.get("id", UUID.class), row.get("organization_id", UUID.class),
                row.get("environment", String.class), row.get("url", String.class),
                events == null ? List.of() : Arrays.asList(events), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                row.get("disabled_reason", String.class), row.get("secret", String.class),
                row.get("previous_secret", String.class), row.get("previous_secret_expires_at", Instant.class),
                row.get("consecutive_failures", Integer.class), row.get("failing_since", Instant.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }

    /** The secrets that sign a delivery now: the current one, and the previous one during the rotation overlap. */
    List<String> signingSecrets(Instant now) {
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }
}
