package io.dropline.contracts.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * An amount of money as the APIs exchange it: a decimal string ({@code "149.99"}), never binary floating
 * point. The currency travels beside it as {@code currencyCode}. JSON numbers are accepted on input.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,12}(\\.\\d{1,8})?");

    public static final Money ZERO = new Money(BigDecimal.ZERO);

    public Money {
        if (amount == null || amount.signum() < 0 || amount.scale() > 8 || amount.precision() - amount.scale() > 12) {
            throw new IllegalArgumentException("An amount is a non-negative decimal with up to 12 digits and 8 decimals");
        }
    }

    /** Reads a decimal string or, as the APIs also accept on input, a JSON number. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Money fromJson(Object value) {
        if (value instanceof String text) {
            return parse(text);
        }
        if (value instanceof Number number) {
            // A number's shortest decimal form, so 149.99 stays 149.99 rather than its binary expansion.
            return parse(new BigDecimal(number.toString()).toPlainString());
        }
        throw new IllegalArgumentException("An amount is a decimal string such as \"149.99\"");
    }

    /** Parses {@code "25"}, {@code "25.00"}, {@code "149.99"}; rejects signs, exponents and more than 8 decimals. */
    public static Money parse(String text) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("An amount is a decimal string such as \"149.99\"");
        }
        return new Money(new BigDecimal(text));
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    /** At least two decimals, no trailing zeros beyond them: {@code "0.00"}, {@code "149.99"}, {@code "0.125"}. */
    @JsonValue
    @Override
    public String toString() {
        BigDecimal display = amount.stripTrailingZeros();
        return (display.scale() < 2 ? display.setScale(2) : display).toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }
}
