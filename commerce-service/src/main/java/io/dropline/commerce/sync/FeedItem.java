package io.dropline.commerce.sync;

import io.dropline.commerce.catalog.ProductFields;
import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One product a feed lists: {@code {id, name, description?, sku?, price?, currencyCode?, status?, url?, handle?,
 * sourceData?}}. {@code id} is the product's id at the vendor; with the sync source's vendor it is the product's
 * upsert key, so a feed fetched again updates its products rather than duplicating them.
 */
record FeedItem(
        @Required @NotNullValue @NotBlankValue @Text(max = 500) Tristate<String> id,
        @Required @NotNullValue @NotBlankValue @Text(max = 255) Tristate<String> name,
        @Text(max = 10_000, multiline = true) Tristate<String> description,
        @Text(max = 100) Tristate<String> sku,
        Tristate<JsonNode> price,
        @Text(max = 3, rule = MoneyField.Code.class) Tristate<String> currencyCode,
        @NotNullValue @Text(max = 10, rule = ProductFields.Status.class) Tristate<String> status,
        @Text(max = 2048, rule = ProductFields.HttpsUrl.class) Tristate<String> url,
        @Text(max = 255) Tristate<String> handle,
        @WellTyped(message = "Must be an object or null") @JsonText(maxChars = 16_384) Tristate<ObjectNode> sourceData) {

    List<FieldError> crossChecks() {
        List<FieldError> errors = new ArrayList<>();
        MoneyField.check("price", price, errors);
        return errors;
    }

    ProductFields.ProductWrite toWrite(String vendor) {
        return new ProductFields.ProductWrite(FieldRules.stripped(name), FieldRules.stripped(description), FieldRules.stripped(sku),
                MoneyField.value(price), FieldRules.stripped(currencyCode), FieldRules.stripped(status), Tristate.absent(),
                FieldRules.stripped(url), FieldRules.stripped(handle),
                new ProductFields.SyncRef(vendor, id.value().strip(), FieldRules.jsonText(sourceData).value()), false);
    }
}
