package io.dropline.commerce.common;

import io.dropline.contracts.money.Money;
import java.math.BigDecimal;

/** Stored numerics ({@code numeric(20, 8)}) as the API's {@link Money}. */
public final class Amounts {

    private Amounts() {
    }

    public static Money money(BigDecimal stored) {
        if (stored == null) {
            return null;
        }
        BigDecimal plain = stored.stripTrailingZeros();
        return new Money(plain.scale() < 0 ? plain.setScale(0) : plain);
    }
}
