package io.dropline.commerce.catalog;

import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import jakarta.validation.Valid;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /products} and the create items of {@code POST /products/batch}. */
record CreateProductRequest(
        @Required @NotNullValue @NotBlankValue @Text(max = 255) Tristate<String> name,
        @Text(max = 10_000, multiline = true) Tristate<String> description,
        @Text(max = 100) Tristate<String> sku,
        Tristate<JsonNode> price,
        @Text(max = 3, rule = MoneyField.Code.class) Tristate<String> currencyCode,
        @Text(max = 10, rule = ProductFields.Status.class) Tristate<String> status,
        @WellTyped(message = ProductFields.OBJECT) @JsonText(maxChars = ProductFields.MAX_METADATA_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 2048, rule = ProductFields.HttpsUrl.class) Tristate<String> url,
        @Text(max = 255) Tristate<String> handle,
        @WellTyped(message = "Must be an object or null") Tristate<@Valid SyncRefRequest> primarySyncSource) implements ProductFields {
}
