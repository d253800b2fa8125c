package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.FieldRules;

/** {@code auctionType}: {@code english} (the default) or {@code dutch}. */
public final class AuctionTypeRule implements FieldRules.TextRule {

    @Override
    public String problem(String text) {
        return text.equals(AuctionValues.ENGLISH) || text.equals(AuctionValues.DUTCH) ? null : "Must be \"english\" or \"dutch\"";
    }
}
