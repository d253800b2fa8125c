package io.dropline.consumer.consumer;

import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One item of {@code PUT /consumers/batch}: a partial update with the consumer's {@code id}, which
 * {@link ConsumerBatches} checks (required, known, once per batch) together with the tenant's consumers.
 */
record UpdateConsumerBatchItem(
        Tristate<JsonNode> id,
        @Text(max = 254, rule = ConsumerFields.Email.class) Tristate<String> email,
        @Text(max = 16, rule = ConsumerFields.Phone.class) Tristate<String> phone,
        @Text(max = 200) Tristate<String> fullName,
        @WellTyped(message = ConsumerFields.OBJECT) @JsonText(maxChars = ConsumerFields.MAX_METADATA_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 255) Tristate<String> externalId) implements ConsumerFields {
}
