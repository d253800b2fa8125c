package io.dropline.commerce.catalog;

import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /products/{id}/variants}. */
record CreateVariantRequest(
        @Required @NotNullValue @NotBlankValue @Text(max = 255) Tristate<String> name,
        @Text(max = 100) Tristate<String> sku,
        Tristate<JsonNode> price,
        Tristate<JsonNode> compareAtPrice,
        @Text(max = 3, rule = MoneyField.Code.class) Tristate<String> currencyCode,
        @NotNullValue @IntRange(min = 0, max = 1_000_000_000) Tristate<Integer> inventoryQuantity,
        @NotNullValue @WellTyped(message = "Must be a boolean") Tristate<Boolean> inventoryTracked,
        @NotNullValue @WellTyped(message = VariantFields.OPTION_VALUES)
        Tristate<@Size(max = 10, message = "At most 10 option values") List<@Valid OptionValueRef>> optionValues,
        @WellTyped(message = ProductFields.OBJECT) @JsonText(maxChars = ProductFields.MAX_METADATA_CHARS) Tristate<ObjectNode> metadata)
        implements VariantFields {
}
