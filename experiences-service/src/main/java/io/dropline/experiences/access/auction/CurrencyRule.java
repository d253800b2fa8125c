package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.FieldRules;

/** {@code currencyCode}: an ISO 4217 code in capitals ({@code EUR}). */
public final class CurrencyRule implements FieldRules.TextRule {

    @Override
    public String problem(String text) {
        return text.matches("[A-Z]{3}") ? null : "Must be an ISO 4217 currency code, e.g. EUR";
    }
}
