package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.FieldRules.Text;
import io.dropline.contracts.body.Tristate;
import java.math.BigDecimal;

/**
 * {@code POST /auctions/{id}/bid}: {@code amount} as a decimal string (required for an English auction; optional for a
 * Dutch one, where it is the most the bidder accepts to pay and the unit is taken at the current price), and an
 * optional proxy maximum {@code maxAmount} (English: the system bids for the bidder up to it, docs/auctions.md).
 */
record BidRequest(
        @Text(max = 20, rule = MoneyRule.class, typeMessage = MoneyRule.TYPE_MESSAGE) Tristate<String> amount,
        @Text(max = 20, rule = MoneyRule.class, typeMessage = MoneyRule.TYPE_MESSAGE) Tristate<String> maxAmount) {

    BigDecimal amountOrNull() {
        return MoneyRule.parse(amount.value());
    }

    BigDecimal maxAmountOrNull() {
        return MoneyRule.parse(maxAmount.value());
    }
}
