package io.dropline.analytics.webhook;

import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /webhooks/{id}/replay}: the stored events of {@code [startTime, endTime)} (at most 7 days, ISO-8601) of
 * the given types (default: the endpoint's), delivered again.
 */
record ReplayWebhookRequest(
        @Required @NotNullValue @Text(max = 64, rule = WebhookRules.Instant.class) Tristate<String> startTime,
        @Required @NotNullValue @Text(max = 64, rule = WebhookRules.Instant.class) Tristate<String> endTime,
        @NotNullValue @WellTyped(message = WebhookRules.EVENTS) Tristate<JsonNode> eventTypes) {
}
