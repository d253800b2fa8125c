package io.dropline.analytics.webhook;

import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;

/** {@code POST /webhooks/test}: a synthetic event of {@code eventType} (default {@code webhook.test}) to one endpoint. */
record TestWebhookRequest(
        @Required @PublicId(prefix = "whe") Tristate<String> endpointId,
        @NotNullValue @Text(max = 100, rule = WebhookRules.EventType.class) Tristate<String> eventType) {
}
