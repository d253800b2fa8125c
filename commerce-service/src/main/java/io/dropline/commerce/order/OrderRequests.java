package io.dropline.commerce.order;

import io.dropline.commerce.common.MoneyField;
import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.FieldRules.IntRange;
import io.dropline.contracts.body.FieldRules.JsonText;
import io.dropline.contracts.body.FieldRules.NotNullValue;
import io.dropline.contracts.body.FieldRules.PublicId;
import io.dropline.contracts.body.FieldRules.Required;
import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.FieldRules.WellTyped;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies of the Orders Admin API. */
final class OrderRequests {

    static final int MAX_ITEMS = 100;

    private OrderRequests() {
    }

    record Item(
            @PublicId(prefix = "prod", orNull = true) Tristate<String> productId,
            @PublicId(prefix = "var", orNull = true) Tristate<String> variantId,
            @Required @NotNullValue @IntRange(min = 1, max = 100_000) Tristate<Integer> quantity,
            Tristate<JsonNode> price) {
    }

    public static final class InitialStatus implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return Set.of("CREATED", "COMPLETED").contains(text) ? null : "Must be one of CREATED, COMPLETED";
        }
    }

    public static final class AnyStatus implements FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return Set.of("CREATED", "COMPLETED", "CANCELLED", "REFUNDED").contains(text) ? null
                    : "Must be one of CREATED, COMPLETED, CANCELLED, REFUNDED";
        }
    }

    /**
     * {@code POST /orders} and each item of {@code POST /orders/batch}: a merchant system's order. {@code amount}
     * defaults to the sum of the items' price × quantity when every item has a price.
     */
    record Create(
            @Text(max = 255) Tristate<String> externalId,
            @NotNullValue @Text(max = 10, rule = InitialStatus.class) Tristate<String> status,
            @PublicId(prefix = "cons", orNull = true) Tristate<String> consumerId,
            @PublicId(prefix = "exp", orNull = true) Tristate<String> experienceId,
            @PublicId(prefix = "seq", orNull = true) Tristate<String> sequenceId,
            Tristate<JsonNode> amount,
            @Required @NotNullValue @Text(max = 3, rule = MoneyField.Code.class) Tristate<String> currencyCode,
            @Required @NotNullValue @WellTyped(message = "Must be an array of items")
            Tristate<@Size(min = 1, max = MAX_ITEMS, message = "Must hold 1 to 100 items") List<@Valid Item>> items,
            @WellTyped(message = "Must be an object or null") @JsonText(maxChars = 16_384) Tristate<ObjectNode> metadata) {

        List<FieldError> crossChecks() {
            List<FieldError> errors = new ArrayList<>();
            MoneyField.check("amount", amount, errors);
            if (items.hasValue()) {
                boolean allPriced = true;
                for (int i = 0; i < items.value().size(); i++) {
                    Item item = items.value().get(i);
                    if (item == null) {
                        continue;
                    }
                    MoneyField.check("items[" + i + "].price", item.price(), errors);
                    allPriced &= item.price() != null && item.price().hasValue();
                }
                if (!amount.hasValue() && !allPriced) {
                    errors.add(new FieldError("amount", "Required unless every item has a price"));
                }
            }
            return errors;
        }
    }

    /** {@code PUT /orders/{id}}: a lifecycle step ({@code status}, with {@code reason} when cancelling) and/or details. */
    record Update(
            @NotNullValue @Text(max = 10, rule = AnyStatus.class) Tristate<String> status,
            @Text(max = 255) Tristate<String> reason,
            @Text(max = 255) Tristate<String> externalId,
            @WellTyped(message = "Must be an object or null") @JsonText(maxChars = 16_384) Tristate<ObjectNode> metadata) {
    }

    /** {@code POST /orders/{id}/cancel}. */
    record Cancel(@Text(max = 255) Tristate<String> reason) {
    }
}
