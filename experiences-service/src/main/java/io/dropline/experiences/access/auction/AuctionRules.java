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
     * (whose maximum is their proxy maximum or their own high bid). The proxies bid against each other in whole
     * increments, the system bidding for each until one cannot top the other: the leader answers a bid {@code x} with
     * {@code x + increment} while that is within their maximum, the challenger likewise. The whole exchange is folded
     * into at most three recorded bids (the challenger's, the loser's last and the winner's last), each at least one
     * increment above the one before, so the recorded bids stay strictly increasing by the increment. Equal maxima go
     * to the earlier bidder (the leader), as the big marketplaces do.
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
        // Step j (j >= 1) is the bid amount + j * increment, the leader's when j is odd, the challenger's when even;
        // a step happens while it is within its bidder's maximum. The first step that does not happen ends it.
        long leaderStop = firstStepAbove(leaderMax, amount, increment, 1);
        long challengerStop = firstStepAbove(challengerMax, amount, increment, 2);
        long steps = Math.min(leaderStop, challengerStop) - 1;
        if (steps == 0) {
            return new Outcome(bids, challenger, amount);
        }
        UUID winner = steps % 2 == 1 ? leader : challenger;
        UUID loser = winner.equals(leader) ? challenger : leader;
        BigDecimal price = amount.add(increment.multiply(BigDecimal.valueOf(steps))).setScale(2);
        if (steps >= 2) {
            bids.add(new Placed(loser, price.subtract(increment).setScale(2), "proxy"));
        }
        bids.add(new Placed(winner, price, "proxy"));
        return new Outcome(bids, winner, price);
    }

    /** The first step j of this parity ({@code first}: 1 odd, 2 even) with amount + j * increment above {@code max}. */
    private static long firstStepAbove(BigDecimal max, BigDecimal amount, BigDecimal increment, long first) {
        long fits = max.subtract(amount).divide(increment, 0, RoundingMode.FLOOR).longValue(); // last j within max
        long j = Math.max(first, fits + 1);
        return (j - first) % 2 == 0 ? j : j + 1;
    }
}
