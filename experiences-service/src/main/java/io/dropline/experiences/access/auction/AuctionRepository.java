package io.dropline.experiences.access.auction;

import io.dropline.experiences.access.distribution.DistributionTable;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.KeyColumn;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListFilter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL for auctions and their bids; every statement but the {@code Any} ones (timers, streams) is scoped by the
 * caller's tenant. A bid's writes ({@link #recordBid}, {@link #moveHighBid}, {@link #sellUnit}) run under
 * {@link #lockById}'s row lock, in the transaction that answers the bid.
 */
@Repository
class AuctionRepository extends DistributionTable<AuctionEntity> {

    /** {@code GET /auctions}: by creation (newest first by default), the id breaking ties. */
    static final KeysetList<AuctionEntity> LIST = KeysetList.<AuctionEntity>builder()
            .filter(ListFilter.id("sequenceId", "seq", "sequence_id"))
            .filter(ListFilter.id("experienceId", "exp", "experience_id"))
            .filter(ListFilter.createdBetween("created_at"))
            .sortBy("createdAt", KeyColumn.instant("created_at", AuctionEntity::createdAt))
            .tieBreaker(KeyColumn.uuid("id", AuctionEntity::id))
            .build();

    /** {@code GET /auctions/{id}/bids}: newest first by acceptance order. */
    static final KeysetList<Bid> BIDS = KeysetList.<Bid>builder()
            .fixedOrder(KeyColumn.longInteger("seq", Bid::seq), true)
            .build();

    AuctionRepository(DatabaseClient db) {
        super(db, "auctions", AuctionEntity.COLUMNS, AuctionEntity::from);
    }

    /** One accepted bid (auction_bids). */
    record Bid(UUID id, UUID auctionId, UUID consumerId, long seq, BigDecimal amount, String kind, Instant createdAt) {

        static final String COLUMNS = "id, auction_id, consumer_id, seq, amount, kind, created_at";

        static Bid from(io.r2dbc.spi.Readable row) {
            return new Bid(row.get("id", UUID.class), row.get("auction_id", UUID.class), row.get("consumer_id", UUID.class),
                    row.get("seq", Long.class), row.get("amount", BigDecimal.class), row.get("kind", String.class),
                    row.get("created_at", Instant.class));
        }

        String publicId() {
            return Ids.format(AuctionIds.BID_PREFIX, id);
        }
    }

    /** A bidder's own figures (auction_entries beyond the shared participant columns). */
    record Bidder(UUID consumerId, String status, BigDecimal lastBidAmount, Instant lastBidAt, int bidCount, BigDecimal maxAmount,
            BigDecimal wonAmount, UUID grantId, Instant grantedAt, Instant completedAt, Instant enteredAt) {

        static final String COLUMNS = "consumer_id, status, last_bid_amount, last_bid_at, bid_count, max_amount, won_amount, grant_id, "
                + "granted_at, completed_at, entered_at";

        static Bidder from(io.r2dbc.spi.Readable row) {
            return new Bidder(row.get("consumer_id", UUID.class), row.get("status", String.class),
                    row.get("last_bid_amount", BigDecimal.class), row.get("last_bid_at", Instant.class), row.get("bid_count", Integer.class),
                    row.get("max_amount", BigDecimal.class), row.get("won_amount", BigDecimal.class), row.get("grant_id", UUID.class),
                    row.get("granted_at", Instant.class), row.get("completed_at", Instant.class), row.get("entered_at", Instant.class));
        }
    }

    // ---- Auctions ---------------------------------------------------------------------------------------------

    Mono<AuctionEntity> insert(InternalContext context, UUID id, Parent parent, AuctionValues values, Instant now) {
        GenericExecuteSpec spec = db.sql("INSERT INTO auctions (id, organization_id, environment, sequence_id, experience_id, name, "
                        + "time_zone, open_at, close_at, settle_at, supports_guest, auction_type, currency_code, reserve_price, "
                        + "min_bid_increment, auto_extend_seconds, start_price, floor_price, price_drop_amount, "
                        + "price_drop_interval_seconds, quantity, metadata, created_at, updated_at) VALUES (:id, :org, :env, :sequenceId, "
                        + ":experienceId, :name, :timeZone, :openAt, :closeAt, :settleAt, :supportsGuest, :auctionType, :currencyCode, "
                        + ":reservePrice, :minBidIncrement, :autoExtendSeconds, :startPrice, :floorPrice, :priceDropAmount, "
                        + ":priceDropIntervalSeconds, :quantity, :metadata::jsonb, :now, :now) RETURNING " + AuctionEntity.COLUMNS)
                .bind("id", id)
                .bind("sequenceId", parent.sequenceId())
                .bind("experienceId", parent.experienceId())
                .bind("now", now);
        return values(scoped(spec, context), values).map(AuctionEntity::from).one();
    }

    Mono<AuctionEntity> update(InternalContext context, UUID id, AuctionValues values, boolean stop, String stoppedBy, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE auctions SET name = :name, time_zone = :timeZone, open_at = :openAt, close_at = :closeAt, "
                        + "settle_at = :settleAt, supports_guest = :supportsGuest, auction_type = :auctionType, currency_code = :currencyCode, "
                        + "reserve_price = :reservePrice, min_bid_increment = :minBidIncrement, auto_extend_seconds = :autoExtendSeconds, "
                        + "start_price = :startPrice, floor_price = :floorPrice, price_drop_amount = :priceDropAmount, "
                        + "price_drop_interval_seconds = :priceDropIntervalSeconds, quantity = :quantity, metadata = :metadata::jsonb, "
                        + "status_override = CASE WHEN :stop THEN 'ended' ELSE status_override END, "
                        + "status_override_at = CASE WHEN :stop THEN :now ELSE status_override_at END, "
                        + "status_override_by = CASE WHEN :stop THEN :stoppedBy ELSE status_override_by END, "
                        + "updated_at = :now WHERE id = :id AND " + SCOPE + " RETURNING " + AuctionEntity.COLUMNS)
                .bind("id", id)
                .bind("stop", stop)
                .bind("now", now);
        spec = stoppedBy == null ? spec.bindNull("stoppedBy", String.class) : spec.bind("stoppedBy", stoppedBy);
        return values(scoped(spec, context), values).map(AuctionEntity::from).one();
    }

    /** Whether a winner holds a grant not yet checked out: such an auction (or its sequence, experience) is not deleted. */
    Mono<Boolean> hasLiveWins(UUID id) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM auction_entries WHERE distribution_id = :id AND status = 'WON') AS live")
                .bind("id", id)
                .map(row -> row.get("live", Boolean.class))
                .one();
    }

    // ---- Bids (under the auction's row lock) ------------------------------------------------------------------

    /** Appends one accepted bid and brings its bidder's row up to date (creating it: a bid enters the auction). */
    Mono<Void> recordBid(AuctionEntity auction, UUID consumer, BigDecimal amount, String kind, BigDecimal maxAmount, Instant now) {
        GenericExecuteSpec bid = db.sql("INSERT INTO auction_bids (id, auction_id, organization_id, environment, consumer_id, amount, kind, "
                        + "created_at) VALUES (:id, :auction, :org, :env, :consumer, :amount, :kind, :now)")
                .bind("id", Ids.newUuid())
                .bind("auction", auction.id())
                .bind("org", auction.organizationId())
                .bind("env", auction.environment())
                .bind("consumer", consumer)
                .bind("amount", amount)
                .bind("kind", kind)
                .bind("now", now);
        GenericExecuteSpec bidder = db.sql("INSERT INTO auction_entries AS e (distribution_id, consumer_id, organization_id, environment, "
                        + "status, entered_at, last_bid_amount, last_bid_at, bid_count, max_amount, updated_at) VALUES (:auction, :consumer, "
                        + ":org, :env, 'ENTERED', :now, :amount, :now, 1, :max, :now) ON CONFLICT (distribution_id, consumer_id) DO UPDATE "
                        + "SET last_bid_amount = EXCLUDED.last_bid_amount, last_bid_at = EXCLUDED.last_bid_at, bid_count = e.bid_count + 1, "
                        + "max_amount = COALESCE(EXCLUDED.max_amount, e.max_amount), updated_at = EXCLUDED.updated_at")
                .bind("auction", auction.id())
                .bind("consumer", consumer)
                .bind("org", auction.organizationId())
                .bind("env", auction.environment())
                .bind("amount", amount)
                .bind("now", now);
        bidder = maxAmount == null ? bidder.bindNull("max", BigDecimal.class) : bidder.bind("max", maxAmount);
        return bid.then().then(bidder.then());
    }

    /** English: the new high bid after a bid (and its proxy answers), and the one extension if it falls due. */
    Mono<AuctionEntity> moveHighBid(UUID auctionId, UUID leader, BigDecimal price, int bids, Instant extendedCloseAt, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE auctions SET high_bid_amount = :price, high_bidder_id = :leader, high_bid_at = :now, "
                        + "bid_count = bid_count + :bids, extended_close_at = COALESCE(extended_close_at, :extended), updated_at = :now "
                        + "WHERE id = :id RETURNING " + AuctionEntity.COLUMNS)
                .bind("price", price)
                .bind("leader", leader)
                .bind("now", now)
                .bind("bids", bids)
                .bind("id", auctionId);
        spec = extendedCloseAt == null ? spec.bindNull("extended", Instant.class) : spec.bind("extended", extendedCloseAt);
        return spec.map(AuctionEntity::from).one();
    }

    /**
     * Dutch: one unit sold, only while one is left (the conditional update, under the row lock and the table's CHECK,
     * is what keeps sales within {@code quantity}); empty when none is left.
     */
    Mono<AuctionEntity> sellUnit(UUID auctionId, BigDecimal price, Instant now) {
        return db.sql("UPDATE auctions SET sold_count = sold_count + 1, bid_count = bid_count + 1, high_bid_amount = :price, "
                        + "high_bid_at = :now, updated_at = :now WHERE id = :id AND sold_count < quantity RETURNING " + AuctionEntity.COLUMNS)
                .bind("price", price)
                .bind("now", now)
                .bind("id", auctionId)
                .map(AuctionEntity::from)
                .one();
    }

    /** A winner's row: WON with the grant at the price it won at. */
    Mono<Void> markWon(UUID auctionId, UUID consumer, BigDecimal price, UUID grantId, Instant now) {
        return db.sql("UPDATE auction_entries SET status = 'WON', won_amount = :price, grant_id = :grant, granted_at = :now, "
                        + "updated_at = :now WHERE distribution_id = :id AND consumer_id = :consumer AND status = 'ENTERED'")
                .bind("price", price)
                .bind("grant", grantId)
                .bind("now", now)
                .bind("id", auctionId)
                .bind("consumer", consumer)
                .then();
    }

    /** Settlement: everyone still ENTERED lost; their ids, for the events. */
    Flux<UUID> markLost(UUID auctionId, Instant now) {
        return db.sql("UPDATE auction_entries SET status = 'LOST', updated_at = :now WHERE distribution_id = :id AND status = 'ENTERED' "
                        + "RETURNING consumer_id")
                .bind("now", now)
                .bind("id", auctionId)
                .map(row -> row.get("consumer_id", UUID.class))
                .all();
    }

    Mono<AuctionEntity> markSettled(UUID auctionId, UUID winner, BigDecimal amount, Instant at) {
        GenericExecuteSpec spec = db.sql("UPDATE auctions SET settled_at = :at, winner_id = :winner, winning_amount = :amount, "
                        + "updated_at = :at WHERE id = :id AND settled_at IS NULL RETURNING " + AuctionEntity.COLUMNS)
                .bind("at", at)
                .bind("id", auctionId);
        spec = winner == null ? spec.bindNull("winner", UUID.class) : spec.bind("winner", winner);
        spec = amount == null ? spec.bindNull("amount", BigDecimal.class) : spec.bind("amount", amount);
        return spec.map(AuctionEntity::from).one();
    }

    /** Bids and distinct bidders of an auction (for {@code auction.settled}). */
    Mono<long[]> totals(UUID auctionId) {
        return db.sql("SELECT count(*) AS bids, count(DISTINCT consumer_id) AS bidders FROM auction_bids WHERE auction_id = :id")
                .bind("id", auctionId)
                .map(row -> new long[] {row.get("bids", Long.class), row.get("bidders", Long.class)})
                .one();
    }

    Mono<Bidder> bidder(UUID auctionId, UUID consumer) {
        return db.sql("SELECT " + Bidder.COLUMNS + " FROM auction_entries WHERE distribution_id = :id AND consumer_id = :consumer")
                .bind("id", auctionId)
                .bind("consumer", consumer)
                .map(Bidder::from)
                .one();
    }

    /** One page of an auction's bids (the caller has found the auction for its tenant). */
    Flux<Bid> bids(UUID auctionId, Keyset<Bid> keyset) {
        return keyset.bind(db.sql("SELECT " + Bid.COLUMNS + " FROM auction_bids WHERE auction_id = :id" + keyset.sql()).bind("id", auctionId))
                .map(Bid::from)
                .all();
    }

    /** A consumer's own bids, newest first, at most {@code limit}. */
    Flux<Bid> bidsOf(UUID auctionId, UUID consumer, int limit) {
        return db.sql("SELECT " + Bid.COLUMNS + " FROM auction_bids WHERE auction_id = :id AND consumer_id = :consumer "
                        + "ORDER BY seq DESC LIMIT :limit")
                .bind("id", auctionId)
                .bind("consumer", consumer)
                .bind("limit", limit)
                .map(Bid::from)
                .all();
    }

    private static GenericExecuteSpec values(GenericExecuteSpec spec, AuctionValues values) {
        spec = spec.bind("name", values.name()).bind("supportsGuest", values.supportsGuest()).bind("auctionType", values.auctionType())
                .bind("currencyCode", values.currencyCode()).bind("quantity", values.quantity()).bind("settleAt", values.settleAt());
        spec = nullable(spec, "timeZone", values.timeZone(), String.class);
        spec = nullable(spec, "openAt", values.openAt(), Instant.class);
        spec = nullable(spec, "closeAt", values.closeAt(), Instant.class);
        spec = nullable(spec, "reservePrice", values.reservePrice(), BigDecimal.class);
        spec = nullable(spec, "minBidIncrement", values.minBidIncrement(), BigDecimal.class);
        spec = nullable(spec, "autoExtendSeconds", values.autoExtendSeconds(), Integer.class);
        spec = nullable(spec, "startPrice", values.startPrice(), BigDecimal.class);
        spec = nullable(spec, "floorPrice", values.floorPrice(), BigDecimal.class);
        spec = nullable(spec, "priceDropAmount", values.priceDropAmount(), BigDecimal.class);
        spec = nullable(spec, "priceDropIntervalSeconds", values.priceDropIntervalSeconds(), Integer.class);
        return nullable(spec, "metadata", values.metadataJson(), String.class);
    }

}
