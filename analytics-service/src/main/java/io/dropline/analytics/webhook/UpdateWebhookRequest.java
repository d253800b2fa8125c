package io.dropline.analytics.webhook;

import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.JsonNode;

/** {@code PATCH /webhooks/{id}}: any of url, events, enabled; absent fields keep their value. */
record UpdateWebhookRequest(
        @NotNullValue @Text(max = 2048) Tristate<String> url,
        @NotNullValue @WellTyped(message = WebhookRules.EVENTS) Tristate<JsonNode> events,
        @WellTyped(message = "Must be true or false") @NotNullValue(message = "Must be true or false") Tristate<Boolean> enabled) {
}
