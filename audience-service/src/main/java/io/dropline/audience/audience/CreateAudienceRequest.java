package io.dropline.audience.audience;

import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;

/** {@code POST /audiences}: name required; type defaults to {@code STATIC}; descriptions may span lines. */
record CreateAudienceRequest(
        @Required @NotNullValue(message = "Required") @NotBlankValue(message = "Required")
        @Text(max = AudienceFields.MAX_NAME, typeMessage = AudienceFields.STRING) Tristate<String> name,
        @Text(max = AudienceFields.MAX_DESCRIPTION, multiline = true, typeMessage = AudienceFields.STRING) Tristate<String> description,
        @AudienceFields.TypeName Tristate<String> type) implements AudienceFields {

    AudienceType audienceType() {
        return type.value() == null ? AudienceType.STATIC : AudienceType.fromInput(type.value()).orElseThrow();
    }
}
