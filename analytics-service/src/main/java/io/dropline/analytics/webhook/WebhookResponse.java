package io.dropline.analytics.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.contracts.id.Ids;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint as the API shows it. {@code secret} is present only in the answer that created it (creation, rotation):
 * it is never returned again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookResponse(String id, String url, List<String> events, boolean enabled, String disabledReason,
        int consecutiveFailures, Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt, String secret) {

    static WebhookResponse from(WebhookEndpoint endpoint) {
        return withSecret(endpoint, null);
    }

    static WebhookResponse withSecret(WebhookEndpoint endpoint, String secret) {
        return new WebhookResponse(Ids.format("whe", endpoint.id()), endpoint.url(), endpoint.events(), endpoint.enabled(),
                endpoint.disabledReason(), endpoint.consecutiveFailures(), endpoint.previousSecretExpiresAt(),
                endpoint.createdAt(), endpoint.updatedAt(), secret);
    }
}
