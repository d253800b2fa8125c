package io.dropline.experiences.access.auction;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A consumer's state in an auction (§8.3), the answer of status, bid and enter. Money as decimal strings in
 * {@code currencyCode}. Statuses:
 * <ul>
 * <li>NOT_BID: no bid yet (entered or not);</li>
 * <li>WINNING: holds the high bid of an English auction (and the reserve, if any, is met);</li>
 * <li>BIDDING: holds the high bid, but below the reserve: it would not win if the auction closed now;</li>
 * <li>OUTBID: has bid, and someone else holds the high bid;</li>
 * <li>WON: won (English at settlement, Dutch at once for the unit taken), with {@code admissionGrant} (the one-time grant
 * for checkout at {@code winningBidAmount}) until it is completed ({@code completedAt});</li>
 * <li>LOST: the auction settled without them winning.</li>
 * </ul>
 * Fields that do not apply are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuctionStatus(
        String auctionId,
        String status,
        String currencyCode,
        String lastBidAmount,
        Instant lastBidTime,
        Integer bidCount,
        String maxAmount,
        String highestBid,
        String minimumNextBid,
        Instant closeAt,
        String admissionGrant,
        String winningBidAmount,
        Instant completedAt) {

    static final String NOT_BID = "NOT_BID";
    static final String BIDDING = "BIDDING";
    static final String WINNING = "WINNING";
    static final String OUTBID = "OUTBID";
    static final String WON = "WON";
    static final String LOST = "LOST";

    /** The same state without its grant's signature (a grant signed again is no change for a stream). */
    AuctionStatus withoutGrant() {
        return new AuctionStatus(auctionId, status, currencyCode, lastBidAmount, lastBidTime, bidCount, maxAmount, highestBid,
                minimumNextBid, closeAt, null, winningBidAmount, completedAt);
    }

    AuctionStatus withGrant(String grant) {
        return new AuctionStatus(auctionId, status, currencyCode, lastBidAmount, lastBidTime, bidCount, maxAmount, highestBid,
                minimumNextBid, closeAt, grant, winningBidAmount, completedAt);
    }

    /** No further change will come: streams end here. */
    @JsonIgnore
    public boolean isFinal() {
        return status.equals(WON) || status.equals(LOST);
    }

    /** Still taking part ({@code /consumers/me}): bidding, or won and not yet checked out. */
    @JsonIgnore
    public boolean isActive() {
        return !status.equals(LOST) && !(status.equals(WON) && completedAt != null);
    }
}
