package io.dropline.analytics.webhook;

import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /webhooks}: an https URL and the event types to receive ({@code "*"} for all). A merchant-chosen
 * {@code secret} (reference §10.1's legacy form) is not accepted: Dropline generates every signing secret.
 */
record CreateWebhookRequest(
        @Required @NotNullValue @Text(max = 2048) Tristate<String> url,
        @Required @NotNullValue @WellTyped(message = WebhookRules.EVENTS) Tristate<JsonNode> events,
        @WellTyped(message = "Must be true or false") @NotNullValue(message = "Must be true or false") Tristate<Boolean> enabled) {
}
