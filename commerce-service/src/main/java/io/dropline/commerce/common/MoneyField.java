package io.dropline.commerce.common;

import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Amounts and currencies in request bodies. An amount is a decimal string ({@code "149.99"}) or a JSON number, read
 * with {@link Money} (never binary floating point); a currency is an ISO 4217 code.
 */
public final class MoneyField {

    public static final String AMOUNT = "Must be a decimal string such as \"149.99\" (up to 12 digits and 8 decimals)";
    public static final String CURRENCY = "Must be an ISO 4217 currency code such as USD";
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private static final Set<String> CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private MoneyField() {
    }

    /** Adds a problem for a present, non-null amount that is not one. */
    public static void check(String field, Tristate<JsonNode> amount, List<FieldError> errors) {
        if (amount != null && amount.hasValue() && parse(amount.value()) == null) {
            errors.add(new FieldError(field, AMOUNT));
        }
    }

    /** The amount as stored; call after {@link #check}. */
    public static Tristate<BigDecimal> value(Tristate<JsonNode> amount) {
        return amount == null ? Tristate.absent() : amount.map(node -> parse(node).amount());
    }

    static Money parse(JsonNode node) {
        try {
            if (node.isString()) {
                return Money.parse(node.stringValue());
            }
            if (node.isNumber()) {
                return Money.fromJson(node.numberValue());
            }
            return null;
        } catch (IllegalArgumentException bad) {
            return null;
        }
    }

    /** The text rule of a {@code currencyCode} field. */
    public static final class Code implements io.dropline.contracts.body.FieldRules.TextRule {
        @Override
        public String problem(String text) {
            return CODE.matcher(text).matches() && CODES.contains(text) ? null : CURRENCY;
        }
    }
}
