package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.FieldRules;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A money amount as the reference demands it (§5.7: "decimal strings, never JSON numbers"): digits with at most two
 * decimals, e.g. {@code "149.99"}; never read through a double. A JSON number is refused by the field's type message.
 */
public final class MoneyRule implements FieldRules.TextRule {

    static final String MESSAGE = "Must be a decimal string with at most 2 decimals, e.g. \"149.99\"";
    static final String TYPE_MESSAGE = "Must be a decimal string, e.g. \"149.99\" (not a number)";
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");

    @Override
    public String problem(String text) {
        return AMOUNT.matcher(text).matches() ? null : MESSAGE;
    }

    /** The amount of a valid text, scaled to cents; null for null or invalid text (an invalid field changes nothing). */
    static BigDecimal parse(String text) {
        if (text == null || !AMOUNT.matcher(text.strip()).matches()) {
            return null;
        }
        return new BigDecimal(text.strip()).setScale(2);
    }

    /** The wire form: always two decimals ({@code "150.00"}). */
    static String format(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2).toPlainString();
    }
}
