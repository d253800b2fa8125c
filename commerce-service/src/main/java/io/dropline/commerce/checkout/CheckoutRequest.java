package io.dropline.commerce.checkout;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotBlankValue;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;

/**
 * {@code POST /orders/checkout}: {@code {admissionGrant, variantId, quantity, productId?}}; {@code admissionToken} is
 * the legacy name of the grant (checked as one field: give either).
 */
record CheckoutRequest(
        @NotNullValue @NotBlankValue @Text(max = 8192) Tristate<String> admissionGrant,
        @NotNullValue @NotBlankValue @Text(max = 8192) Tristate<String> admissionToken,
        @PublicId(prefix = "prod") Tristate<String> productId,
        @Required @PublicId(prefix = "var") Tristate<String> variantId,
        @Required @NotNullValue @IntRange(min = 1, max = 100) Tristate<Integer> quantity) {

    java.util.List<io.dropline.contracts.error.FieldError> crossChecks() {
        if (!admissionGrant.present() && !admissionToken.present()) {
            return java.util.List.of(new io.dropline.contracts.error.FieldError("admissionGrant", "Required"));
        }
        return java.util.List.of();
    }

    String grant() {
        return admissionGrant.hasValue() ? admissionGrant.value().strip() : admissionToken.value().strip();
    }
}
