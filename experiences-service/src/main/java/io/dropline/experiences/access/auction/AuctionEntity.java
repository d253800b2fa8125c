package io.dropline.experiences.access.auction;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionRef;
import io.dropline.experiences.access.distribution.Lifecycle;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** One row of {@code auctions} (V10): configuration and live state, mapped by hand from SQL that states its columns. */
record AuctionEntity(
        UUID id,
        UUID organizationId,
        String environment,
        UUID sequenceId,
        UUID experienceId,
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
        String metadataJson,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        BigDecimal highBidAmount,
        UUID highBidderId,
        Instant highBidAt,
        int bidCount,
        int soldCount,
        Instant extendedCloseAt,
        Instant settledAt,
        UUID winnerId,
        BigDecimal winningAmount,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, organization_id, environment, sequence_id, experience_id, name, time_zone, open_at, close_at, "
            + "settle_at, supports_guest, auction_type, currency_code, reserve_price, min_bid_increment, auto_extend_seconds, "
            + "start_price, floor_price, price_drop_amount, price_drop_interval_seconds, quantity, metadata::text AS metadata, "
            + "status_override, status_override_at, status_override_by, high_bid_amount, high_bidder_id, high_bid_at, bid_count, "
            + "sold_count, extended_close_at, settled_at, winner_id, winning_amount, created_at, updated_at";

    static AuctionEntity from(Readable row) {
        return new AuctionEntity(
                row.get("id", UUID.class),
                row.get("organization_id", UUID.class),
                row.get("environment", String.class),
                row.get("sequence_id", UUID.class),
                row.get("experience_id", UUID.class),
                row.get("name", String.class),
                row.get("time_zone", String.class),
                row.get("open_at", Instant.class),
                row.get("close_at", Instant.class),
                row.get("settle_at", Instant.class),
                row.get("supports_guest", Boolean.class),
                row.get("auction_type", String.class),
                row.get("currency_code", String.class),
                row.get("reserve_price", BigDecimal.class),
                row.get("min_bid_increment", BigDecimal.class),
                row.get("auto_extend_seconds", Integer.class),
                row.get("start_price", BigDecimal.class),
                row.get("floor_price", BigDecimal.class),
                row.get("price_drop_amount", BigDecimal.class),
                row.get("price_drop_interval_seconds", Integer.class),
                row.get("quantity", Integer.class),
                row.get("metadata", String.class),
                row.get("status_override", String.class),
                row.get("status_override_at", Instant.class),
                row.get("status_override_by", String.class),
                row.get("high_bid_amount", BigDecimal.class),
                row.get("high_bidder_id", UUID.class),
                row.get("high_bid_at", Instant.class),
                row.get("bid_count", Integer.class),
                row.get("sold_count", Integer.class),
                row.get("extended_close_at", Instant.class),
                row.get("settled_at", Instant.class),
                row.get("winner_id", UUID.class),
                row.get("winning_amount", BigDecimal.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    boolean stopped() {
        return statusOverride != null;
    }

    boolean dutch() {
        return AuctionValues.DUTCH.equals(auctionType);
    }

    boolean settled() {
        return settledAt != null;
    }

    /** When bidding ends: the one anti-snipe extension if it happened, else closeAt, else settleAt (§14.4 item 31). */
    Instant effectiveCloseAt() {
        return extendedCloseAt != null ? extendedCloseAt : closeAt != null ? closeAt : settleAt;
    }

    /** When it settles: settleAt, or the extended close if an extension pushed bidding past it. */
    Instant effectiveSettleAt() {
        Instant close = effectiveCloseAt();
        return close.isAfter(settleAt) ? close : settleAt;
    }

    /** Open from openAt (or creation) to the effective close; SETTLED once settled. */
    Lifecycle lifecycle() {
        Lifecycle lifecycle = Lifecycle.of(openAt, effectiveCloseAt(), statusOverride);
        return settled() ? lifecycle.ended(Lifecycle.Status.SETTLED) : lifecycle;
    }

    /** Dutch: every unit is sold (bidding ends before the close). */
    boolean soldOut() {
        return soldCount >= quantity;
    }

    String publicId() {
        return Ids.format(AuctionIds.PREFIX, id);
    }

    DistributionRef ref() {
        return new DistributionRef(AuctionIds.TYPE, publicId(), organizationId, Environment.valueOf(environment.toUpperCase(Locale.ROOT)),
                experienceId, sequenceId);
    }
}
