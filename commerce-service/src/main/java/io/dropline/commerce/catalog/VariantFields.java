package io.dropline.commerce.catalog;

import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The writable fields of a variant, as create and update state them. */
interface VariantFields {

    String OPTION_VALUES = "Must be an array of {optionId, valueId}";

    Tristate<String> name();

    Tristate<String> sku();

    Tristate<JsonNode> price();

    Tristate<JsonNode> compareAtPrice();

    Tristate<String> currencyCode();

    Tristate<Integer> inventoryQuantity();

    Tristate<Boolean> inventoryTracked();

    Tristate<List<OptionValueRef>> optionValues();

    Tristate<ObjectNode> metadata();

    default List<FieldError> crossChecks() {
        List<FieldError> errors = new ArrayList<>();
        MoneyField.check("price", price(), errors);
        MoneyField.check("compareAtPrice", compareAtPrice(), errors);
        return errors;
    }

    default VariantWrite toWrite() {
        return new VariantWrite(FieldRules.stripped(name()), FieldRules.stripped(sku()), MoneyField.value(price()),
                MoneyField.value(compareAtPrice()), FieldRules.stripped(currencyCode()), inventoryQuantity(), inventoryTracked(),
                optionValues().map(VariantFields::optionValuesJson), FieldRules.jsonText(metadata()));
    }

    private static String optionValuesJson(List<OptionValueRef> values) {
        return JsonMapper.shared().writeValueAsString(values.stream()
                .map(value -> Map.of("optionId", value.optionId().value(), "valueId", value.valueId().value()))
                .toList());
    }

    record VariantWrite(Tristate<String> name, Tristate<String> sku, Tristate<BigDecimal> price,
            Tristate<BigDecimal> compareAtPrice, Tristate<String> currencyCode, Tristate<Integer> inventoryQuantity,
            Tristate<Boolean> inventoryTracked, Tristate<String> optionValuesJson, Tristate<String> metadataJson) {
    }
}
