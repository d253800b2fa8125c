package io.dropline.experiences.access.auction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The auction's pricing rules as pure functions of the row and the clock, so every replica computes the same answer
 * (and unit tests need no database): an English bid's minimum, the proxy contest, the anti-snipe window and the Dutch
 * price. All money is {@link BigDecimal} at scale 2.
 */
final class AuctionRules {

    /** With no {@code minBidIncrement} a bid must still be higher: by one cent (reference §14.4 item 31). */
    static final BigDecimal SMALLEST_INCREMENT = new BigDecimal("0.01");
    /** A bid this close to the close extends it (once) by autoExtendSeconds (§8.3: "the final 60 seconds"). */
    static final Duration SNIPE_WINDOW = Duration.ofSeconds(60);

    private AuctionRules() {
    }

    static BigDecimal increment(AuctionEntity auction) {
        return auction.minBidIncrement() != null ? auction.minBidIncrement() : SMALLEST_INCREMENT;
    }

    /**
     * The least an English bid may be now: the high bid plus the increment, or for the first bid the start price
     * (a bid equal to it is valid) or one cent.
     */
    static BigDecimal minimumBid(AuctionEntity auction) {
        if (auction.highBidAmount() == null) {
            return auction.startPrice() != null ? auction.startPrice().setScale(2) : SMALLEST_INCREMENT;
        }
        return auction.highBidAmount().add(increment(auction)).setScale(2);
    }

    /** Whether a bid at {@code now} falls in the anti-snipe window of an auction that has not been extended yet. */
    static boolean inSnipeWindow(AuctionEntity auction, Instant now) {
        return auction.autoExtendSeconds() != null && auction.extendedCloseAt() == null
                && !now.isBefore(auction.effectiveCloseAt().minus(SNIPE_WINDOW));
    }

    /** The close after the extension: the scheduled close plus autoExtendSeconds (extended once, never again). */
    static Instant extendedClose(AuctionEntity auction) {
        return auction.effectiveCloseAt().plusSeconds(auction.autoExtendSeconds());
    }

    /**
     * The Dutch price at {@code now}: startPrice, less priceDropAmount for every whole priceDropIntervalSeconds since
     * the auction opened (openAt, else its creation), never below floorPrice (0 when none). A function of time only:
     * no timer "drops" it, and every replica computes the same price at the same instant.
     */
    static BigDecimal dutchPrice(AuctionEntity auction, Instant now) {
        Instant start = auction.openAt() != null ? auction.openAt() : auction.createdAt();
        long steps = now.isBefore(start) ? 0 : Duration.between(start, now).toMillis() / (auction.priceDropIntervalSeconds() * 1000L);
        BigDecimal floor = auction.floorPrice() != null ? auction.floorPrice() : BigDecimal.ZERO;
        BigDecimal price = auction.startPrice().subtract(auction.priceDropAmount().multiply(BigDecimal.valueOf(steps)));
        return price.max(floor).setScale(2);
    }

    /** When the Dutch price drops next; null once it is at the floor. */
    static Instant nextDropAt(AuctionEntity auction, Instant now) {
        BigDecimal floor = auction.floorPrice() != null ? auction.floorPrice() : BigDecimal.ZERO;
        if (dutchPrice(auction, now).compareTo(floor) <= 0) {
            return null;
        }
        Instant start = auction.openAt() != null ? auction.openAt() : auction.createdAt();
        long interval = auction.priceDropIntervalSeconds() * 1000L;
        long steps = now.isBefore(start) ? 0 : Duration.between(start, now).toMillis() / interval + 1;
        return start.plusMillis(steps * interval);
    }

    /** One bid the contest places: the challenger's own ({@code bid}) or one placed for a proxy bidder ({@code proxy}). */
    record Placed(UUID consumer, BigDecimal amount, String kind) {
    }

    /** A contest's outcome: the bids to record in order, and who leads at what price after them. */
    record Outcome(List<Placed> bids, UUID leader, BigDecimal price) {
    }

    /**
     * An English bid of {@code amount} by {@code challenger} (who may have a proxy maximum) against the current leader
     * (whose maximum is their proxy maximum or their own high bid). Proxies bid on the ladder of whole increments above
     * the challenger's bid ({@code amount + k * increment}): each bidder can reach the highest rung within their
     * maximum. Whoever reaches the higher rung leads, one rung above the other's top rung; equal top rungs go to the
     * earlier bidder (the leader), as the big marketplaces break ties. The exchange is recorded as at most three bids
     * (the challenger's, the loser's top rung and the winner's answer), each at least one increment above the one
     * before, so the recorded bids stay strictly increasing by the increment and nobody pays above their maximum.
     *
     * @param amount        the challenger's bid, already checked to be at least {@link #minimumBid}
     * @param challengerMax the challenger's maximum ({@code >= amount}), or {@code amount} without a proxy
     * @param leader        the current high bidder, or null for the first bid
     * @param leaderMax     the leader's maximum ({@code >=} the high bid)
     */
    static Outcome contest(UUID challenger, BigDecimal amount, BigDecimal challengerMax, UUID leader, BigDecimal leaderMax,
            BigDecimal increment) {
        List<Placed> bids = new ArrayList<>();
        bids.add(new Placed(challenger, amount, "bid"));
        if (leader == null || leader.equals(challenger)) {
            return new Outcome(bids, challenger, amount);
        }
        long leaderTop = topRung(leaderMax, amount, increment);
        long challengerTop = topRung(challengerMax, amount, increment);
        if (leaderTop < 1) {
            // The leader cannot answer even one increment above the bid: the challenger leads at their bid.
            return new Outcome(bids, challenger, amount);
        }
        boolean leaderWins = leaderTop >= challengerTop;
        long loserTop = leaderWins ? (leaderTop == challengerTop ? challengerTop - 1 : challengerTop) : leaderTop;
        long winnerRung = leaderWins ? loserTop + 1 : leaderTop + 1;
        UUID winner = leaderWins ? leader : challenger;
        UUID loser = leaderWins ? challenger : leader;
        if (loserTop >= 1) {
            bids.add(new Placed(loser, rung(amount, increment, loserTop), "proxy"));
        }
        BigDecimal price = rung(amount, increment, winnerRung);
        bids.add(new Placed(winner, price, "proxy"));
        return new Outcome(bids, winner, price);
    }

    /** The highest rung k with amount + k * increment within {@code max} (negative when max is below amount). */
    private static long topRung(BigDecimal max, BigDecimal amount, BigDecimal increment) {
        return max.subtract(amount).divide(increment, 0, RoundingMode.FLOOR).longValue();
    }

    private static BigDecimal rung(BigDecimal amount, BigDecimal increment, long k) {
        return amount.add(increment.multiply(BigDecimal.valueOf(k))).setScale(2);
    }
}
