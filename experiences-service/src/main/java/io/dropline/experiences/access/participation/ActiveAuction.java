package io.dropline.experiences.access.participation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dropline.experiences.access.auction.AuctionBidding;
import java.time.Instant;

/**
 * An auction the consumer is still in (bidding, or won and not checked out): its status (as
 * {@code GET /auctions/{id}/status}) and where it sits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ActiveAuction(String auctionId, String status, String currencyCode, String lastBidAmount, String highestBid, Instant closeAt,
        String admissionGrant, String winningBidAmount, String experienceId, String sequenceId) {

    static ActiveAuction of(AuctionBidding.Active active) {
        return new ActiveAuction(active.state().auctionId(), active.state().status(), active.state().currencyCode(),
                active.state().lastBidAmount(), active.state().highestBid(), active.state().closeAt(), active.state().admissionGrant(),
                active.state().winningBidAmount(), active.experienceId(), active.sequenceId());
    }
}
