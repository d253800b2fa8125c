package io.dropline.experiences.access.auction;

import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionView;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An auction as the Admin API shows it (§5.7): money as decimal strings in {@code currencyCode}; {@code status} and
 * {@code timing} from the core's Lifecycle (SETTLED once settled); {@code closeAt} as configured and
 * {@code effectiveCloseAt} after an anti-snipe extension; the live high bid, bids, units sold and the settlement.
 */
public record AuctionResponse(
        String id,
        String organizationId,
        String experienceId,
        String sequenceId,
        String name,
        String timeZone,
        Instant openAt,
        Instant closeAt,
        Instant settleAt,
        boolean supportsGuest,
        String auctionType,
        String currencyCode,
        String reservePrice,
        String minBidIncrement,
        Integer autoExtendSeconds,
        String startPrice,
        String floorPrice,
        String priceDropAmount,
        Integer priceDropIntervalSeconds,
        int quantity,
        JsonNode metadata,
        String statusOverride,
        Instant statusOverrideAt,
        String statusOverrideBy,
        String status,
        String timing,
        Instant effectiveCloseAt,
        boolean extended,
        String highestBid,
        int bidCount,
        int soldCount,
        Instant settledAt,
        String winnerId,
        String winningBidAmount,
        Instant createdAt,
        Instant updatedAt) implements DistributionView {

    static AuctionResponse from(AuctionEntity entity, Instant now) {
        return new AuctionResponse(entity.publicId(), Ids.format("org", entity.organizationId()), Ids.format("exp", entity.experienceId()),
                Ids.format("seq", entity.sequenceId()), entity.name(), entity.timeZone(), entity.openAt(), entity.closeAt(),
                entity.settleAt(), entity.supportsGuest(), entity.auctionType(), entity.currencyCode(),
                MoneyRule.format(entity.reservePrice()), MoneyRule.format(entity.minBidIncrement()), entity.autoExtendSeconds(),
                MoneyRule.format(entity.startPrice()), MoneyRule.format(entity.floorPrice()), MoneyRule.format(entity.priceDropAmount()),
                entity.priceDropIntervalSeconds(), entity.quantity(),
                entity.metadataJson() == null ? null : JsonMapper.shared().readTree(entity.metadataJson()),
                entity.statusOverride(), entity.statusOverrideAt(), entity.statusOverrideBy(),
                entity.lifecycle().statusAt(now).name(), entity.lifecycle().timingAt(now).wire(), entity.effectiveCloseAt(),
                entity.extendedCloseAt() != null, MoneyRule.format(entity.highBidAmount()), entity.bidCount(), entity.soldCount(),
                entity.settledAt(), entity.winnerId() == null ? null : Ids.format("cons", entity.winnerId()),
                MoneyRule.format(entity.winningAmount()), entity.createdAt(), entity.updatedAt());
    }

    /**
     * The Consumer API's view ({@code GET /auctions/{id}} with a publishable key, §8.3): the configuration without the
     * reserve's amount (only whether it is met), the high bid, and for a Dutch auction its current price.
     */
    public record Public(String id, String name, String sequenceId, String experienceId, String timeZone, Instant openAt, Instant closeAt,
            Instant settleAt, String currencyCode, String auctionType, boolean reserveSet, Boolean reserveMet, String minBidIncrement,
            Integer autoExtendSeconds, String startPrice, String floorPrice, String priceDropAmount, Integer priceDropIntervalSeconds,
            int quantity, String statusOverride, String status, boolean supportsGuest, String currentHighBid, int bidCount,
            String currentPrice, Integer remainingQuantity) {

        static Public of(AuctionEntity entity, Instant now) {
            AuctionResponse admin = from(entity, now);
            boolean dutch = entity.dutch();
            return new Public(admin.id(), admin.name(), admin.sequenceId(), admin.experienceId(), admin.timeZone(), admin.openAt(),
                    admin.effectiveCloseAt(), admin.settleAt(), admin.currencyCode(), admin.auctionType(), entity.reservePrice() != null,
                    entity.reservePrice() == null ? null
                            : entity.highBidAmount() != null && entity.highBidAmount().compareTo(entity.reservePrice()) >= 0,
                    admin.minBidIncrement(), admin.autoExtendSeconds(), admin.startPrice(), admin.floorPrice(), admin.priceDropAmount(),
                    admin.priceDropIntervalSeconds(), admin.quantity(), admin.statusOverride(),
                    "SCHEDULED".equals(admin.status()) ? "PENDING" : admin.status(), admin.supportsGuest(),
                    dutch ? null : admin.highestBid(), admin.bidCount(),
                    dutch ? MoneyRule.format(AuctionRules.dutchPrice(entity, now)) : null,
                    dutch ? entity.quantity() - entity.soldCount() : null);
        }
    }

    /** An auction in the public experience view's sequences: what a storefront needs to link to it. */
    public record Summary(String id, String name, String auctionType, String status, Instant openAt, Instant closeAt, Instant settleAt,
            String currencyCode, String highestBid, boolean supportsGuest) {

        public static Summary of(AuctionResponse admin) {
            return new Summary(admin.id(), admin.name(), admin.auctionType(), "SCHEDULED".equals(admin.status()) ? "PENDING" : admin.status(),
                    admin.openAt(), admin.effectiveCloseAt(), admin.settleAt(), admin.currencyCode(),
                    AuctionValues.DUTCH.equals(admin.auctionType()) ? null : admin.highestBid(), admin.supportsGuest());
        }
    }
}
