package io.dropline.commerce.catalog;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import tools.jackson.databind.node.ObjectNode;

/** {@code primarySyncSource: {syncSource, syncSourceId, sourceData?}}, the upsert key of a product. */
public record SyncRefRequest(
        @Required @NotNullValue @NotBlankValue @Text(max = 100) Tristate<String> syncSource,
        @Required @NotNullValue @NotBlankValue @Text(max = 500) Tristate<String> syncSourceId,
        @WellTyped(message = ProductFields.OBJECT) @JsonText(maxChars = ProductFields.MAX_METADATA_CHARS) Tristate<ObjectNode> sourceData) {

    ProductFields.SyncRef toRef() {
        return new ProductFields.SyncRef(FieldRules.stripped(syncSource).value(), FieldRules.stripped(syncSourceId).value(),
                FieldRules.jsonText(sourceData).value());
    }
}
