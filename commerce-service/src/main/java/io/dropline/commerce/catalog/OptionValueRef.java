package io.dropline.commerce.catalog;

import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.Tristate;

/** {@code {optionId, valueId}}: one option value a variant has. */
record OptionValueRef(
        @Required @PublicId(prefix = CatalogIds.OPTION) Tristate<String> optionId,
        @Required @PublicId(prefix = CatalogIds.OPTION_VALUE) Tristate<String> valueId) {
}
