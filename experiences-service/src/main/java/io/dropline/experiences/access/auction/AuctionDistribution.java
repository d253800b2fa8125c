package io.dropline.experiences.access.auction;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.DistributionType;
import io.dropline.experiences.access.distribution.DistributionView;
import io.dropline.experiences.access.distribution.EntryResponse;
import io.dropline.experiences.access.distribution.Participants;
import io.dropline.experiences.access.distribution.TimerJob;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The auction as a distribution type: its admin rows, its consumer list (auction_entries) and its timers: {@code open}
 * and {@code close} ({@code distribution.opened} / {@code distribution.closed}; close moves once with an anti-snipe
 * extension) and {@code settle} (the settlement, once across replicas).
 */
@Component
class AuctionDistribution implements DistributionType {

    static final List<String> STATUSES = List.of(AuctionBidding.ENTERED, AuctionBidding.WON, AuctionBidding.LOST, AuctionBidding.COMPLETED);
    private static final KeysetList<EntryResponse.Row> LIST = Participants.list(STATUSES);

    private final AuctionService auctions;
    private final AuctionBidding bidding;
    private final AuctionRepository repository;
    private final Participants participants;
    private final DistributionEvents events;

    AuctionDistribution(AuctionService auctions, AuctionBidding bidding, AuctionRepository repository, Participants participants,
            DistributionEvents events) {
        this.auctions = auctions;
        this.bidding = bidding;
        this.repository = repository;
        this.participants = participants;
        this.events = events;
    }

    @Override
    public String name() {
        return AuctionIds.TYPE;
    }

    @Override
    public String idPrefix() {
        return AuctionIds.PREFIX;
    }

    @Override
    public Flux<DistributionView> findAll(InternalContext context, Collection<UUID> ids) {
        Instant now = auctions.now();
        return repository.findByIds(context, ids).map(entity -> AuctionResponse.from(entity, now));
    }

    @Override
    public Mono<DistributionView> find(InternalContext context, UUID id) {
        return repository.findById(context, id).map(entity -> AuctionResponse.from(entity, auctions.now()));
    }

    @Override
    public Flux<DistributionView> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return auctions.ofExperiences(context, experienceIds).map(DistributionView.class::cast);
    }

    @Override
    public KeysetList<EntryResponse.Row> participantList() {
        return LIST;
    }

    @Override
    public Flux<EntryResponse.Row> participants(InternalContext context, UUID id, Keyset<EntryResponse.Row> keyset) {
        return participants.page(AuctionBidding.TABLE, context, id, keyset);
    }

    /** Open and close announce the change; settle settles. An auction deleted since has nothing to do. */
    @Override
    public Mono<Void> onTimer(TimerJob job) {
        if (job.kind().equals(AuctionService.SETTLE)) {
            return bidding.settle(job);
        }
        return repository.findAnyById(job.distributionId())
                .flatMap(auction -> switch (job.kind()) {
                    case DistributionTimers.OPEN -> auction.stopped() ? Mono.<Void>empty() : events.opened(auction.ref(), job.dueAt());
                    case DistributionTimers.CLOSE -> participants.count(AuctionBidding.TABLE, auction.id(), STATUSES)
                            .flatMap(total -> events.closed(auction.ref(), job.dueAt(), total));
                    default -> Mono.<Void>error(new IllegalArgumentException("Not an auction timer: " + job.kind()));
                });
    }
}
