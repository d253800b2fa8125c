package io.dropline.experiences.access.auction;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.DistributionTimers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Auctions Admin API ({@code /api/v1/auctions}) and the auction half of nested creates of experiences and sequences. */
@Service
public class AuctionService {

    /** The settlement's timer kind; open and close are the core's window jobs. */
    static final String SETTLE = "settle";

    private final AuctionRepository repository;
    private final DistributionTimers timers;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final Clock clock;

    AuctionService(AuctionRepository repository, DistributionTimers timers, CursorCodec cursors, TransactionalOperator transaction,
            RequestBodies bodies, Clock clock) {
        this.repository = repository;
        this.timers = timers;
        this.cursors = cursors;
        this.transaction = transaction;
        this.bodies = bodies;
        this.clock = clock;
    }

    Mono<AuctionResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateAuctionRequest.class))
                .flatMap(request -> insertUnderSequence(context, request));
    }

    private Mono<AuctionResponse> insertUnderSequence(InternalContext context, CreateAuctionRequest request) {
        Instant now = now();
        return repository.findParent(context, Ids.parse("seq", request.sequenceId().value()).orElseThrow())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                .flatMap(parent -> repository.insert(context, Ids.newUuid(), parent,
                        checked(request, AuctionValues.DEFAULTS, parent.experienceTimeZone(), now), now))
                .flatMap(this::arm)
                .as(transaction::transactional)
                .map(entity -> AuctionResponse.from(entity, now));
    }

    Mono<AuctionResponse> get(InternalContext context, String id) {
        return entity(context, id).map(entity -> AuctionResponse.from(entity, now()));
    }

    /** The row of the caller's tenant; 404 "Auction not found" for a malformed, unknown or foreign id. */
    Mono<AuctionEntity> entity(InternalContext context, String id) {
        return Mono.fromSupplier(() -> AuctionIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(AuctionIds::notFound));
    }

    /**
     * Partial update of a scheduled or open auction; 409 once it is closed (stopped, past its close, settled), except
     * a bare stop; 409 for a change of its pricing once a bid was accepted (bidders bid under the rules they saw).
     */
    Mono<AuctionResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, UpdateAuctionRequest.class))
                .flatMap(changes -> lockedUpdate(context, AuctionIds.parseOrNotFound(id), changes))
                .onErrorMap(DataIntegrityViolationException.class, raced -> ApiException.validation("settleAt", "Must be later than openAt"));
    }

    private Mono<AuctionResponse> lockedUpdate(InternalContext context, UUID id, UpdateAuctionRequest changes) {
        Instant now = now();
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(AuctionIds::notFound))
                .flatMap(current -> checkedUpdate(context, current, changes, now))
                .as(transaction::transactional)
                .map(entity -> AuctionResponse.from(entity, now));
    }

    private Mono<AuctionEntity> checkedUpdate(InternalContext context, AuctionEntity current, UpdateAuctionRequest changes, Instant now) {
        if (current.stopped() || current.settled()) {
            return Mono.error(changes.reopens() ? ApiException.conflict("Cannot reopen ended distribution", "DISTRIBUTION_CLOSED")
                    : ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        if (current.lifecycle().closedAt(now) && !(changes.stops() && changes.onlyStops())) {
            return Mono.error(ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        return repository.experienceTimeZone(current.experienceId())
                .map(zone -> checked(changes, AuctionValues.of(current), zone.orElse(null), changes.settleAt().present() ? now : null))
                .flatMap(values -> current.bidCount() > 0 && values.pricingDiffers(AuctionValues.of(current))
                        ? Mono.error(ApiException.conflict("Cannot change the pricing of an auction with bids", "AUCTION_HAS_BIDS"))
                        : repository.update(context, current.id(), values, changes.stops(), context.principal().id(), now))
                .flatMap(this::arm);
    }

    /** Hard delete, refused while a winner holds a grant not yet checked out; the answer is the auction as it was. */
    Mono<AuctionResponse> delete(InternalContext context, String id) {
        Instant now = now();
        return Mono.fromSupplier(() -> AuctionIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(AuctionIds::notFound))
                .flatMap(auction -> repository.hasLiveWins(auction.id())
                        .flatMap(live -> live ? Mono.error(ApiException.conflict("Cannot delete active distribution", "DISTRIBUTION_ACTIVE"))
                                : repository.delete(context, auction.id()).flatMap(deleted -> timers.disarmAll(deleted.id()).thenReturn(deleted))))
                .as(transaction::transactional)
                .map(entity -> AuctionResponse.from(entity, now));
    }

    Mono<ListResponse<AuctionResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> AuctionRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("auctions", context)))
                .flatMap(keyset -> page(context, keyset));
    }

    private Mono<ListResponse<AuctionResponse>> page(InternalContext context, Keyset<AuctionEntity> keyset) {
        Instant now = now();
        return keyset.page(repository.page(context, keyset), row -> AuctionResponse.from(row, now));
    }

    // ---- For experiences and sequences ----------------------------------------------------------------------

    /** Inserts a validated nested auction inside the caller's transaction. */
    public Mono<AuctionResponse> insertNested(InternalContext context, UUID experienceId, UUID sequenceId, NestedAuctionRequest request,
            String experienceZone, Instant now) {
        return repository.insert(context, Ids.newUuid(), new AuctionRepository.Parent(sequenceId, experienceId, experienceZone),
                        request.applyTo(AuctionValues.DEFAULTS, experienceZone), now)
                .flatMap(this::arm)
                .map(entity -> AuctionResponse.from(entity, now));
    }

    /** The auctions of these experiences, in creation order. */
    public Flux<AuctionResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        Instant now = now();
        return experienceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "experience_id", experienceIds).map(entity -> AuctionResponse.from(entity, now));
    }

    /**
     * Whether an auction of these sequences or experiences ({@code column}) has a winner holding an unused grant, or
     * is open with bids: its sequence or experience is then not deleted (the cascade would take it).
     */
    public Mono<Boolean> anyLive(InternalContext context, String column, Collection<UUID> parentIds) {
        Instant now = now();
        return parentIds.isEmpty() ? Mono.just(false)
                : repository.findByParents(context, column, parentIds)
                        .concatMap(auction -> auction.bidCount() > 0 && !auction.settled() && !auction.stopped()
                                ? Mono.just(true) : repository.hasLiveWins(auction.id()))
                        .any(Boolean::booleanValue);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    /** Arms open, close (at the effective close) and settle for the row as it now is, inside the transaction that wrote it. */
    Mono<AuctionEntity> arm(AuctionEntity auction) {
        Instant stoppedAt = auction.stopped() ? (auction.statusOverrideAt() != null ? auction.statusOverrideAt() : auction.updatedAt()) : null;
        return timers.armWindow(AuctionIds.TYPE, auction.id(), auction.openAt(), auction.effectiveCloseAt(), auction.createdAt(), stoppedAt)
                .then(timers.arm(AuctionIds.TYPE, auction.id(), SETTLE, stoppedAt != null ? stoppedAt : auction.effectiveSettleAt()))
                .thenReturn(auction);
    }

    /** The body over {@code base} with every cross-field problem at once; on create ({@code now}) settleAt in the future. */
    private static AuctionValues checked(AuctionFields changes, AuctionValues base, String experienceZone, Instant now) {
        AuctionValues values = changes.applyTo(base, experienceZone);
        List<FieldError> problems = new ArrayList<>(AuctionFields.problems(values, ""));
        if (now != null && values.settleAt() != null && !values.settleAt().isAfter(now)) {
            problems.add(new FieldError("settleAt", "Must be in the future"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return values;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

}
