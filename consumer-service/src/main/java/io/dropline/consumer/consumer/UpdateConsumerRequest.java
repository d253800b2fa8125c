package io.dropline.consumer.consumer;

import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.node.ObjectNode;

/** {@code PUT /consumers/{id}}: a partial update; an absent field is left as it is, null clears it. */
record UpdateConsumerRequest(
        @Text(max = 254, rule = ConsumerFields.Email.class) Tristate<String> email,
        @Text(max = 16, rule = ConsumerFields.Phone.class) Tristate<String> phone,
        @Text(max = 200) Tristate<String> fullName,
        @WellTyped(message = ConsumerFields.OBJECT) @JsonText(maxChars = ConsumerFields.MAX_METADATA_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 255) Tristate<String> externalId) implements ConsumerFields {
}
