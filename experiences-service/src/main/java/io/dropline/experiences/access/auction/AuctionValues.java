package io.dropline.experiences.access.auction;

import java.math.BigDecimal;
import java.time.Instant;

/** The writable configuration of an auction, complete. */
record AuctionValues(
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        Instant settleAt,
        boolean supportsGuest,
        String auctionType,
        String currencyCode,
        BigDecimal reservePrice,
        BigDecimal minBidIncrement,
        Integer autoExtendSeconds,
        BigDecimal startPrice,
        BigDecimal floorPrice,
        BigDecimal priceDropAmount,
        Integer priceDropIntervalSeconds,
        int quantity,
        String metadataJson) {

    static final String ENGLISH = "english";
    static final String DUTCH = "dutch";

    /** A new auction's defaults: guests refused (a bid is a payment commitment, §8.7), English, USD, one unit. */
    static final AuctionValues DEFAULTS = new AuctionValues(null, null, null, null, null, false, ENGLISH, "USD", null, null, null,
            null, null, null, null, 1, null);

    static AuctionValues of(AuctionEntity entity) {
        return new AuctionValues(entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(), entity.settleAt(),
                entity.supportsGuest(), entity.auctionType(), entity.currencyCode(), entity.reservePrice(), entity.minBidIncrement(),
                entity.autoExtendSeconds(), entity.startPrice(), entity.floorPrice(), entity.priceDropAmount(),
                entity.priceDropIntervalSeconds(), entity.quantity(), entity.metadataJson());
    }

    boolean dutch() {
        return DUTCH.equals(auctionType);
    }

    /** Whether the pricing differs from {@code other}'s (refused once bidding started). */
    boolean pricingDiffers(AuctionValues other) {
        return !auctionType.equals(other.auctionType) || !currencyCode.equals(other.currencyCode) || quantity != other.quantity
                || !same(reservePrice, other.reservePrice) || !same(minBidIncrement, other.minBidIncrement)
                || !same(startPrice, other.startPrice) || !same(floorPrice, other.floorPrice)
                || !same(priceDropAmount, other.priceDropAmount)
                || !java.util.Objects.equals(priceDropIntervalSeconds, other.priceDropIntervalSeconds);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
