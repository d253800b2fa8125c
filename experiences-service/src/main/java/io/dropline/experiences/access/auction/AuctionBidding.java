package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.AccessMeters;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.EntryRules;
import io.dropline.experiences.access.distribution.Grants;
import io.dropline.experiences.access.distribution.Participant;
import io.dropline.experiences.access.distribution.Participants;
import io.dropline.experiences.access.distribution.ServerActionRequest;
import io.dropline.experiences.access.distribution.StatusStreams;
import io.dropline.experiences.access.distribution.TimerJob;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An auction as bidders live it (enter, bid, status and its stream, the high bid, the Dutch price, bid lists) and
 * its settlement. Every bid runs in one transaction that first locks the auction's row ({@code SELECT ... FOR UPDATE}),
 * so the bids of one auction are serialised in PostgreSQL whichever replica takes them: the minimum is checked against
 * the high bid as committed, the bid rows, the new high bid, the one anti-snipe extension (with its re-armed timers) and
 * the outbox events commit together before the answer. Settlement is the {@code settle} timer of the core
 * (distribution_timers): it runs once across replicas, and under the same row lock.
 */
@Service
public class AuctionBidding {

    static final Participants.Table TABLE = new Participants.Table("auction_entries");
    static final String ENTERED = "ENTERED";
    static final String WON = "WON";
    static final String LOST = "LOST";
    static final String COMPLETED = "COMPLETED";
    private static final String ID_FIELD = "auctionId";
    private static final int DEFAULT_HISTORY = 10;
    private static final int MAX_HISTORY = 100;

    private final AuctionRepository repository;
    private final AuctionService auctions;
    private final Participants participants;
    private final Grants grants;
    private final DistributionEvents events;
    private final StatusStreams streams;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final CursorCodec cursors;
    private final AccessMeters meters;

    AuctionBidding(AuctionRepository repository, AuctionService auctions, Participants participants, Grants grants,
            DistributionEvents events, StatusStreams streams, TransactionalOperator transaction, RequestBodies bodies, CursorCodec cursors,
            AccessMeters meters) {
        this.repository = repository;
        this.auctions = auctions;
        this.participants = participants;
        this.grants = grants;
        this.events = events;
        this.streams = streams;
        this.transaction = transaction;
        this.bodies = bodies;
        this.cursors = cursors;
        this.meters = meters;
    }

    // ---- Enter ------------------------------------------------------------------------------------------------

    /** Registers the consumer as a bidder (optional: a bid enters too). 423 before opening, 400 closed after. Idempotent. */
    Mono<AuctionStatus> enter(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> auctions.entity(context, id).flatMap(auction -> {
                    Instant now = auctions.now();
                    ApiException refused = refusal(context, auction, now);
                    if (refused != null) {
                        return participants.find(TABLE, auction.id(), consumer)
                                .flatMap(row -> statusOf(auction, consumer))
                                .switchIfEmpty(Mono.error(refused));
                    }
                    return participants.enter(TABLE, auction.ref(), auction.id(), consumer, ENTERED, 0, null, List.of(), now)
                            .flatMap(row -> events.consumers(EventTypes.AUCTION_ENTERED, auction.ref(), ID_FIELD,
                                    List.of(payload(row.consumerId(), "enteredAt", now.toString())), now))
                            .then(statusOf(auction, consumer))
                            .as(transaction::transactional);
                }));
    }

    // ---- Bid --------------------------------------------------------------------------------------------------

    /**
     * One bid, serialised with every other bid and the settlement of this auction by the row lock, committed before
     * the answer (the bidder's status). English: at least the minimum (start price, then high bid + increment), the
     * proxy contest, the anti-snipe extension. Dutch: one unit at the current price while units are left.
     */
    Mono<AuctionStatus> bid(InternalContext context, String id, JsonNode body) {
        return EntryRules.consumerOf(context)
                .zipWith(Mono.fromSupplier(() -> bodies.read(body == null ? JsonMapper.shared().createObjectNode() : body, BidRequest.class)))
                .flatMap(input -> Mono.fromSupplier(() -> AuctionIds.parseOrNotFound(id))
                        .flatMap(uuid -> repository.lockById(context, uuid))
                        .switchIfEmpty(Mono.error(AuctionIds::notFound))
                        .flatMap(auction -> placeBid(context, auction, input.getT1(), input.getT2()))
                        .as(transaction::transactional))
                .doOnNext(committed -> meters.bidAccepted())
                .doOnError(this::countRefusal);
    }

    /** A bid the rules refused (a 4xx: too low, closed, sold out, not allowed); an outage is no verdict on the bid. */
    private void countRefusal(Throwable failure) {
        if (failure instanceof ApiException refused && refused.status().is4xxClientError()) {
            meters.bidRejected();
        }
    }

    private Mono<AuctionStatus> placeBid(InternalContext context, AuctionEntity auction, UUID consumer, BidRequest request) {
        Instant now = auctions.now();
        ApiException refused = refusal(context, auction, now);
        if (refused != null) {
            return Mono.error(refused);
        }
        return repository.bidder(auction.id(), consumer)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(bidder -> {
                    if (bidder.isPresent() && !bidder.get().status().equals(ENTERED)) {
                        return Mono.error(bidder.get().status().equals(WON) || bidder.get().status().equals(COMPLETED)
                                ? ApiException.conflict("You already won this auction", "ALREADY_WON")
                                : new ApiException(HttpStatus.FORBIDDEN, "You may not bid in this auction", "BIDDING_DENIED"));
                    }
                    return auction.dutch() ? buyUnit(auction, consumer, request, now) : englishBid(auction, consumer, request, now);
                })
                .then(Mono.defer(() -> repository.findAnyById(auction.id())))
                .flatMap(updated -> statusOf(updated, consumer));
    }

    private Mono<Void> englishBid(AuctionEntity auction, UUID consumer, BidRequest request, Instant now) {
        BigDecimal amount = request.amountOrNull();
        if (amount == null) {
            return Mono.error(ApiException.validation("amount", "Is required"));
        }
        BigDecimal max = request.maxAmountOrNull();
        if (max != null && max.compareTo(amount) < 0) {
            return Mono.error(ApiException.validation("maxAmount", "Must not be below amount"));
        }
        BigDecimal minimum = AuctionRules.minimumBid(auction);
        if (amount.compareTo(minimum) < 0) {
            return Mono.error(auction.highBidAmount() == null
                    ? new ApiException(HttpStatus.BAD_REQUEST, "Bid must be at least the start price (" + MoneyRule.format(minimum) + ")",
                            "BID_BELOW_START_PRICE")
                    : amount.compareTo(auction.highBidAmount()) <= 0
                            ? new ApiException(HttpStatus.BAD_REQUEST, "Bid must be higher than current bid", "BID_TOO_LOW")
                            : new ApiException(HttpStatus.BAD_REQUEST, "Bid must meet minimum increment (at least "
                                    + MoneyRule.format(minimum) + ")", "BID_BELOW_INCREMENT"));
        }
        UUID previousLeader = auction.highBidderId();
        Mono<BigDecimal> leaderMax = previousLeader == null ? Mono.just(BigDecimal.ZERO)
                : repository.bidder(auction.id(), previousLeader)
                        .map(leader -> leader.maxAmount() != null ? leader.maxAmount().max(auction.highBidAmount()) : auction.highBidAmount())
                        .defaultIfEmpty(auction.highBidAmount());
        Instant extendedClose = AuctionRules.inSnipeWindow(auction, now) ? AuctionRules.extendedClose(auction) : null;
        return leaderMax.flatMap(leaderLimit -> {
            AuctionRules.Outcome outcome = AuctionRules.contest(consumer, amount, max != null ? max : amount, previousLeader, leaderLimit,
                    AuctionRules.increment(auction));
            return Flux.fromIterable(outcome.bids())
                    .concatMap(placed -> repository.recordBid(auction, placed.consumer(), placed.amount(), placed.kind(),
                            placed.consumer().equals(consumer) ? max : null, now))
                    .then(repository.moveHighBid(auction.id(), outcome.leader(), outcome.price(), outcome.bids().size(), extendedClose, now))
                    .flatMap(updated -> (extendedClose != null ? auctions.arm(updated).then() : Mono.<Void>empty())
                            .then(announceBids(updated, outcome, previousLeader, extendedClose, auction.effectiveCloseAt(), now)));
        });
    }

    private Mono<Void> announceBids(AuctionEntity auction, AuctionRules.Outcome outcome, UUID previousLeader, Instant extendedClose,
            Instant previousClose, Instant now) {
        List<Map<String, Object>> placed = outcome.bids().stream()
                .map(bid -> payload(bid.consumer(), "amount", MoneyRule.format(bid.amount()), "currencyCode", auction.currencyCode(),
                        "proxy", bid.kind().equals("proxy")))
                .toList();
        Mono<Void> all = events.consumers(EventTypes.AUCTION_BID_PLACED, auction.ref(), ID_FIELD, placed, now);
        // Everyone who led during this bid and does not lead after it was outbid (the previous leader, or a challenger
        // whose proxy lost the contest at once).
        List<UUID> outbid = outcome.bids().stream().map(AuctionRules.Placed::consumer).distinct()
                .filter(bidder -> !bidder.equals(outcome.leader())).toList();
        if (previousLeader != null && !previousLeader.equals(outcome.leader()) && !outbid.contains(previousLeader)) {
            outbid = new java.util.ArrayList<>(outbid);
            outbid.add(previousLeader);
        }
        if (!outbid.isEmpty()) {
            all = all.then(events.consumers(EventTypes.AUCTION_OUTBID, auction.ref(), ID_FIELD, outbid.stream()
                    .map(bidder -> payload(bidder, "highestBid", MoneyRule.format(outcome.price()), "currencyCode", auction.currencyCode()))
                    .toList(), now));
        }
        if (extendedClose != null) {
            Map<String, Object> extended = new LinkedHashMap<>();
            extended.put("previousCloseAt", previousClose.toString());
            extended.put("closeAt", auction.effectiveCloseAt().toString());
            extended.put("autoExtendSeconds", auction.autoExtendSeconds());
            all = all.then(events.consumers(EventTypes.AUCTION_EXTENDED, auction.ref(), ID_FIELD, List.of(extended), now));
        }
        return all;
    }

    private Mono<Void> buyUnit(AuctionEntity auction, UUID consumer, BidRequest request, Instant now) {
        BigDecimal price = AuctionRules.dutchPrice(auction, now);
        BigDecimal accepted = request.amountOrNull();
        if (accepted != null && accepted.compareTo(price) < 0) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Bid is below the current price (" + MoneyRule.format(price) + ")",
                    "BID_BELOW_CURRENT_PRICE"));
        }
        UUID grantId = Ids.newUuid();
        return repository.sellUnit(auction.id(), price, now)
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.BAD_REQUEST, "Auction is sold out", "AUCTION_SOLD_OUT")))
                .flatMap(sold -> repository.recordBid(auction, consumer, price, "purchase", null, now)
                        .then(repository.markWon(auction.id(), consumer, price, grantId, now))
                        .then(events.consumers(EventTypes.AUCTION_WON, auction.ref(), ID_FIELD,
                                List.of(payload(consumer, "winningBidAmount", MoneyRule.format(price), "currencyCode", auction.currencyCode(),
                                        "wonAt", now.toString(), "remainingQuantity", sold.quantity() - sold.soldCount())), now)));
    }

    /** The shared refusals (401 handled before, 403 guests, 423 + Retry-After, 400 closed), and a settled or sold-out auction. */
    private static ApiException refusal(InternalContext context, AuctionEntity auction, Instant now) {
        ApiException refused = EntryRules.refusal(context, auction.lifecycle(), auction.supportsGuest(), now, "Auction", "AUCTION");
        if (refused == null && auction.settled()) {
            return new ApiException(HttpStatus.BAD_REQUEST, "Auction is closed", "AUCTION_CLOSED");
        }
        if (refused == null && auction.dutch() && auction.soldOut()) {
            return new ApiException(HttpStatus.BAD_REQUEST, "Auction is sold out", "AUCTION_SOLD_OUT");
        }
        return refused;
    }

    // ---- Status -----------------------------------------------------------------------------------------------

    Mono<AuctionStatus> status(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> auctions.entity(context, id).flatMap(auction -> statusOf(auction, consumer)));
    }

    /**
     * The status now, then at every change, as Server-Sent Events (the core's StatusStreams: the row read again every
     * second from PostgreSQL, so a bid taken by any replica reaches every stream within about a second).
     */
    Flux<ServerSentEvent<AuctionStatus>> statusStream(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .zipWith(auctions.entity(context, id))
                .flatMapMany(target -> streams.stream(() -> repository.findAnyById(target.getT2().id())
                                .flatMap(auction -> statusOf(auction, target.getT1())),
                        AuctionStatus::isFinal, AuctionStatus::withoutGrant));
    }

    /** The status of a consumer in an auction found by id (for {@code /consumers/me}). */
    public Mono<AuctionStatus> statusOf(UUID auctionId, UUID consumer) {
        return repository.findAnyById(auctionId).flatMap(auction -> statusOf(auction, consumer));
    }

    private Mono<AuctionStatus> statusOf(AuctionEntity auction, UUID consumer) {
        return repository.bidder(auction.id(), consumer)
                .flatMap(bidder -> {
                    AuctionStatus state = stateOf(auction, bidder, consumer);
                    return state.status().equals(AuctionStatus.WON) && bidder.completedAt() == null && bidder.grantId() != null
                            ? grants.sign(auction.ref(), consumer, bidder.grantId(), bidder.grantedAt(), null).map(state::withGrant)
                            : Mono.just(state);
                })
                .defaultIfEmpty(stateOf(auction, null, consumer));
    }

    private static AuctionStatus stateOf(AuctionEntity auction, AuctionRepository.Bidder bidder, UUID consumer) {
        String status;
        if (bidder == null || bidder.bidCount() == 0) {
            status = bidder != null && bidder.status().equals(LOST) ? AuctionStatus.LOST : AuctionStatus.NOT_BID;
        } else if (bidder.status().equals(WON) || bidder.status().equals(COMPLETED)) {
            status = AuctionStatus.WON;
        } else if (bidder.status().equals(LOST) || auction.settled()) {
            status = AuctionStatus.LOST;
        } else if (consumer.equals(auction.highBidderId())) {
            status = auction.reservePrice() != null && auction.highBidAmount().compareTo(auction.reservePrice()) < 0
                    ? AuctionStatus.BIDDING : AuctionStatus.WINNING;
        } else {
            status = auction.dutch() ? AuctionStatus.NOT_BID : AuctionStatus.OUTBID;
        }
        boolean english = !auction.dutch();
        return new AuctionStatus(auction.publicId(), status, auction.currencyCode(),
                bidder == null ? null : MoneyRule.format(bidder.lastBidAmount()), bidder == null ? null : bidder.lastBidAt(),
                bidder == null ? 0 : bidder.bidCount(), bidder == null ? null : MoneyRule.format(bidder.maxAmount()),
                english ? MoneyRule.format(auction.highBidAmount()) : null,
                english && !auction.settled() ? MoneyRule.format(AuctionRules.minimumBid(auction)) : null,
                auction.effectiveCloseAt(), null, bidder == null ? null : MoneyRule.format(bidder.wonAmount()),
                bidder == null ? null : bidder.completedAt());
    }

    // ---- The high bid, the Dutch price, the bid lists ---------------------------------------------------------

    /** {@code GET /auctions/{id}/highest-bid} (§8.3). */
    record HighestBid(String auctionId, String amount, String currencyCode, int bidCount, Boolean reserveMet, Instant closeAt) {
    }

    Mono<HighestBid> highestBid(InternalContext context, String id) {
        return auctions.entity(context, id).map(auction -> new HighestBid(auction.publicId(), MoneyRule.format(auction.highBidAmount()),
                auction.currencyCode(), auction.bidCount(), auction.reservePrice() == null ? null
                        : auction.highBidAmount() != null && auction.highBidAmount().compareTo(auction.reservePrice()) >= 0,
                auction.effectiveCloseAt()));
    }

    /** {@code GET /auctions/{id}/current-price} (§8.3, Dutch). */
    record CurrentPrice(String auctionId, String currentPrice, String currencyCode, int remainingQuantity, boolean auctionEnded,
            Instant nextDropAt) {
    }

    Mono<CurrentPrice> currentPrice(InternalContext context, String id) {
        return auctions.entity(context, id).flatMap(auction -> {
            if (!auction.dutch()) {
                return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Not a Dutch auction", "NOT_DUTCH_AUCTION"));
            }
            Instant now = auctions.now();
            boolean ended = auction.soldOut() || auction.settled() || auction.lifecycle().closedAt(now);
            return Mono.just(new CurrentPrice(auction.publicId(), MoneyRule.format(AuctionRules.dutchPrice(auction, now)),
                    auction.currencyCode(), auction.quantity() - auction.soldCount(), ended, ended ? null : AuctionRules.nextDropAt(auction, now)));
        });
    }

    /**
     * One bid as {@code GET /auctions/{id}/bids} lists it: the admin (secret key) sees {@code consumerId}; consumers see
     * only {@code bidderHandle}, a pseudonym stable within the auction (a hash of auction and consumer).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record BidView(String id, String amount, String currencyCode, boolean isHighest, boolean proxy, String kind, Instant timestamp,
            String bidderHandle, String consumerId) {
    }

    Mono<ListResponse<BidView>> bids(InternalContext context, String id, MultiValueMap<String, String> params) {
        boolean admin = context.surface() == ApiSurface.ADMIN;
        return auctions.entity(context, id).flatMap(auction -> Mono.fromSupplier(() -> AuctionRepository.BIDS.parse(params)
                        .keyset(cursors, KeysetList.tenant("auction_bids", context, auction.publicId())))
                .flatMap(keyset -> keyset.page(repository.bids(auction.id(), keyset), bid -> new BidView(bid.publicId(),
                        MoneyRule.format(bid.amount()), auction.currencyCode(),
                        !auction.dutch() && bid.consumerId().equals(auction.highBidderId()) && auction.highBidAmount() != null
                                && bid.amount().compareTo(auction.highBidAmount()) == 0,
                        bid.kind().equals("proxy"), bid.kind(), bid.createdAt(), admin ? null : handle(auction.id(), bid.consumerId()),
                        admin ? Ids.format("cons", bid.consumerId()) : null))));
    }

    /** One of the consumer's own bids ({@code GET /auctions/{id}/bids/history}). */
    record OwnBid(String bidId, String consumerId, String amount, String currencyCode, String kind, Instant timestamp) {
    }

    Mono<List<OwnBid>> history(InternalContext context, String id, String limit) {
        return EntryRules.consumerOf(context).flatMap(consumer -> auctions.entity(context, id)
                .flatMap(auction -> repository.bidsOf(auction.id(), consumer, historyLimit(limit))
                        .map(bid -> new OwnBid(bid.publicId(), Ids.format("cons", consumer), MoneyRule.format(bid.amount()),
                                auction.currencyCode(), bid.kind(), bid.createdAt()))
                        .collectList()));
    }

    private static int historyLimit(String limit) {
        if (limit == null) {
            return DEFAULT_HISTORY;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_HISTORY) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiException.validation("limit", "Must be an integer between 1 and " + MAX_HISTORY);
    }

    private static String handle(UUID auctionId, UUID consumer) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((auctionId + ":" + consumer).getBytes(StandardCharsets.UTF_8));
            return "bidder_" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    // ---- Settlement (the settle timer) ------------------------------------------------------------------------

    /**
     * Settles the auction once: under the row lock, skipped if already settled (a retried job) or if the job is stale
     * (an extension moved the settlement later and re-armed it). English: the high bidder wins if the reserve is met
     * (a stopped auction has no winner), with a one-time grant at the winning price; everyone else still bidding
     * LOST; {@code auction.settled} with the totals. Dutch: the buyers won already; the others LOST.
     */
    Mono<Void> settle(TimerJob job) {
        return repository.lockAnyById(job.distributionId())
                .filter(auction -> !auction.settled())
                .filter(auction -> auction.stopped() || !job.dueAt().isBefore(auction.effectiveSettleAt()))
                .flatMap(auction -> settleLocked(auction, job.dueAt()));
    }

    private Mono<Void> settleLocked(AuctionEntity auction, Instant at) {
        boolean reserveMet = auction.highBidAmount() != null
                && (auction.reservePrice() == null || auction.highBidAmount().compareTo(auction.reservePrice()) >= 0);
        UUID winner = !auction.dutch() && !auction.stopped() && reserveMet ? auction.highBidderId() : null;
        BigDecimal amount = winner != null ? auction.highBidAmount() : null;
        UUID grantId = Ids.newUuid();
        Mono<Void> win = winner == null ? Mono.empty()
                : repository.markWon(auction.id(), winner, amount, grantId, at)
                        .then(events.consumers(EventTypes.AUCTION_WON, auction.ref(), ID_FIELD, List.of(payload(winner,
                                "winningBidAmount", MoneyRule.format(amount), "currencyCode", auction.currencyCode(), "wonAt", at.toString())), at));
        return win.thenMany(repository.markLost(auction.id(), at))
                .map(lost -> payload(lost, "lostAt", at.toString()))
                .collectList()
                .flatMap(lost -> lost.isEmpty() ? Mono.<Void>empty() : events.consumers(EventTypes.AUCTION_LOST, auction.ref(), ID_FIELD, lost, at))
                .then(repository.markSettled(auction.id(), winner, amount, at))
                .flatMap(settled -> repository.totals(auction.id()).flatMap(totals -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("settledAt", at.toString());
                    data.put("auctionType", auction.auctionType());
                    data.put("totalBids", totals[0]);
                    data.put("uniqueBidders", totals[1]);
                    data.put("winningBidAmount", MoneyRule.format(amount));
                    data.put("winnerId", winner == null ? null : Ids.format("cons", winner));
                    data.put("currencyCode", auction.currencyCode());
                    data.put("reserveMet", auction.reservePrice() == null ? null : reserveMet);
                    data.put("unitsSold", auction.dutch() ? auction.soldCount() : winner == null ? 0 : 1);
                    return events.consumers(EventTypes.AUCTION_SETTLED, auction.ref(), ID_FIELD, List.of(data), at);
                }));
    }

    // ---- Server-side: complete and validate the winner's grant (commerce's checkout calls complete) -------------

    Mono<AuctionStatus> complete(InternalContext context, String id, JsonNode body) {
        return EntryRules.requireServer(context)
                .then(Mono.fromSupplier(() -> bodies.read(body, ServerActionRequest.class)))
                .flatMap(action -> auctions.entity(context, id).flatMap(auction -> grants.idOfPresented(action.grant())
                        .flatMap(grantId -> {
                            Instant now = auctions.now();
                            return participants.complete(TABLE, auction.id(), action.consumer(), WON, COMPLETED, grantId.orElse(null), now)
                                    .flatMap(row -> events.consumers(EventTypes.AUCTION_COMPLETED, auction.ref(), ID_FIELD,
                                            List.of(payload(row.consumerId(), "completedAt", now.toString())), now))
                                    .then(Mono.defer(() -> participants.find(TABLE, auction.id(), action.consumer())))
                                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in auction")))
                                    .flatMap(row -> row.status().equals(COMPLETED) && now.equals(row.completedAt())
                                            ? statusOf(auction, action.consumer())
                                            : Mono.error(whyNotCompleted(row)))
                                    .as(transaction::transactional);
                        })));
    }

    private static ApiException whyNotCompleted(Participant row) {
        return switch (row.status()) {
            case COMPLETED -> ApiException.conflict("Admission already completed", "ALREADY_COMPLETED");
            case WON -> ApiException.conflict("Grant does not match the consumer's admission", "GRANT_MISMATCH");
            default -> ApiException.conflict("Consumer has no admission to complete", "NOT_GRANTED");
        };
    }

    /** Whether a grant is genuine, unused and this auction's and consumer's (the core's path). */
    Mono<Grants.Validation> validate(InternalContext context, String id, JsonNode body) {
        return EntryRules.requireServer(context)
                .then(Mono.fromSupplier(() -> bodies.read(body, ServerActionRequest.class)))
                .flatMap(action -> auctions.entity(context, id).flatMap(auction -> grants.validate(auction.ref(), action.consumerId().value(),
                        action.grant(), grantId -> participants.findByGrant(TABLE, grantId)
                                .filter(row -> row.distributionId().equals(auction.id()))
                                .map(row -> row.grantRecord(WON, COMPLETED)))));
    }

    // ---- For /consumers/me ------------------------------------------------------------------------------------

    /** The consumer's auctions still in play (bidding, or won and not checked out), newest first, at most {@code limit}. */
    public Flux<Active> activeOf(InternalContext context, UUID consumer, int limit) {
        return participants.ofConsumer(TABLE, context, consumer, List.of(ENTERED, WON), limit)
                .concatMap(row -> repository.findById(context, row.distributionId())
                        .flatMap(auction -> statusOf(auction, consumer)
                                .map(state -> new Active(state, Ids.format("exp", auction.experienceId()), Ids.format("seq", auction.sequenceId())))))
                .filter(active -> active.state().isActive());
    }

    /** A live participation and where it sits. */
    public record Active(AuctionStatus state, String experienceId, String sequenceId) {
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private static Map<String, Object> payload(UUID consumer, Object... fields) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("consumerId", Ids.format("cons", consumer));
        for (int i = 0; i < fields.length; i += 2) {
            data.put((String) fields[i], fields[i + 1]);
        }
        return data;
    }
}
