package io.dropline.commerce.catalog;

import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import jakarta.validation.Valid;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One item of {@code POST /products/batch}: with {@code id} it updates that product (partially); without, it creates
 * one (name required), following the upsert rule on {@code primarySyncSource}.
 */
record BatchProductItem(
        @PublicId(prefix = CatalogIds.PRODUCT, message = "Must be a product id") Tristate<String> id,
        @NotNullValue @NotBlankValue @Text(max = 255) Tristate<String> name,
        @Text(max = 10_000, multiline = true) Tristate<String> description,
        @Text(max = 100) Tristate<String> sku,
        Tristate<JsonNode> price,
        @Text(max = 3, rule = MoneyField.Code.class) Tristate<String> currencyCode,
        @NotNullValue @Text(max = 10, rule = ProductFields.Status.class) Tristate<String> status,
        @WellTyped(message = ProductFields.OBJECT) @JsonText(maxChars = ProductFields.MAX_METADATA_CHARS) Tristate<ObjectNode> metadata,
        @Text(max = 2048, rule = ProductFields.HttpsUrl.class) Tristate<String> url,
        @Text(max = 255) Tristate<String> handle,
        @WellTyped(message = "Must be an object or null") Tristate<@Valid SyncRefRequest> primarySyncSource) implements ProductFields {

    @Override
    public java.util.List<io.dropline.contracts.error.FieldError> crossChecks() {
        java.util.List<io.dropline.contracts.error.FieldError> errors = new java.util.ArrayList<>(ProductFields.super.crossChecks());
        if (!id.present() && !name.hasValue()) {
            errors.add(new io.dropline.contracts.error.FieldError("name", "Required"));
        }
        return errors;
    }
}
