package io.dropline.audience.audience;

import io.dropline.contracts.body.FieldRules.NotAllowed;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.JsonNode;

/** {@code PUT /audiences/{id}}: a partial update; absent fields stay as they are, and the type cannot change. */
record UpdateAudienceRequest(
        @NotAllowed(message = "Cannot be changed after creation") Tristate<JsonNode> type,
        @NotNullValue(message = "Required") @NotBlankValue(message = "Required")
        @Text(max = AudienceFields.MAX_NAME, typeMessage = AudienceFields.STRING) Tristate<String> name,
        @Text(max = AudienceFields.MAX_DESCRIPTION, multiline = true, typeMessage = AudienceFields.STRING) Tristate<String> description)
        implements AudienceFields {
}
