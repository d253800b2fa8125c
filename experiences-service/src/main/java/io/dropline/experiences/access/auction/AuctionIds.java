package io.dropline.experiences.access.auction;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;

/** Auction ids ({@code auc_…}) and bid ids ({@code bid_…}). A malformed id is answered exactly like an unknown one. */
final class AuctionIds {

    static final String PREFIX = "auc";
    static final String BID_PREFIX = "bid";
    static final String TYPE = "auction";

    private AuctionIds() {
    }

    static UUID parseOrNotFound(String id) {
        return Ids.parse(PREFIX, id).orElseThrow(AuctionIds::notFound);
    }

    static ApiException notFound() {
        return ApiException.notFound("Auction");
    }
}
