package io.dropline.commerce.catalog;

import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import java.util.List;

/**
 * {@code PATCH …/variants/{id}/inventory}: {@code {adjustment: ±n}} (relative, e.g. a delivery or a shrinkage) or
 * {@code {quantity: n}} (absolute, e.g. a stock count), and optionally {@code inventoryTracked}.
 */
record InventoryAdjustmentRequest(
        @NotNullValue @IntRange(min = -1_000_000_000, max = 1_000_000_000) Tristate<Integer> adjustment,
        @NotNullValue @IntRange(min = 0, max = 1_000_000_000) Tristate<Integer> quantity,
        @NotNullValue @WellTyped(message = "Must be a boolean") Tristate<Boolean> inventoryTracked) {

    List<FieldError> crossChecks() {
        if (adjustment.present() && quantity.present()) {
            return List.of(new FieldError("quantity", "Give either adjustment or quantity, not both"));
        }
        if (!adjustment.present() && !quantity.present() && !inventoryTracked.present()) {
            return List.of(new FieldError("adjustment", "Required (or quantity, or inventoryTracked)"));
        }
        return List.of();
    }
}
