package io.dropline.experiences.access.participation;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.appointment.Bookings;
import io.dropline.experiences.access.draw.DrawJourney;
import io.dropline.experiences.access.line.LineService;
import io.dropline.experiences.access.queue.QueueService;
import io.dropline.experiences.access.auction.AuctionBidding;
import io.dropline.experiences.access.timedrelease.TimedReleaseEntries;
import io.dropline.experiences.access.waitlist.WaitlistEntries;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Where a consumer currently takes part, for peer services: the queues they wait in or hold a grant of, each with
 * its live state from the queue engine (the same answer as {@code GET /queues/{id}/status}), the timed releases they
 * hold a live grant of, the waitlists they are signed up on, the auctions they bid in (or won, not checked out yet) and
 * their upcoming appointment bookings.
 */
@Service
class ParticipationService {

    /** Bounded fan-out: each queue's state is one Redis round trip (more only when the index must be repaired). */
    private static final int CONCURRENCY = 8;
    private static final Set<String> ACTIVE = Set.of("QUEUED", "GRANTED");
    private static final Set<String> ACTIVE_DRAW = Set.of("ENTERED", "WON");

    private final ParticipationRepository repository;
    private final QueueService queues;
    private final LineService line;
    private final DrawJourney draws;
    private final TimedReleaseEntries timedReleases;
    private final WaitlistEntries waitlists;
    private final AuctionBidding auctions;
    private final Bookings bookings;

    ParticipationService(ParticipationRepository repository, QueueService queues, LineService line, DrawJourney draws,
            TimedReleaseEntries timedReleases, WaitlistEntries waitlists, AuctionBidding auctions, Bookings bookings) {
        this.bookings = bookings;
        this.draws = draws;
        this.auctions = auctions;
        this.timedReleases = timedReleases;
        this.waitlists = waitlists;
        this.repository = repository;
        this.queues = queues;
        this.line = line;
    }

    /** 404 for any surface but INTERNAL, 400 for a malformed consumer id; scoped by the context's tenant. */
    Mono<ParticipationsResponse> active(InternalContext context, String consumerId) {
        return Mono.fromSupplier(() -> requireInternal(context, consumerId))
                .flatMap(consumer -> Mono.zip(activeQueues(context, consumer), activeDraws(context, consumer),
                                timedReleases.activeOf(context, consumer, ParticipationRepository.LIMIT).map(ActiveTimedRelease::of).collectList(),
                                waitlists.activeOf(context, consumer, ParticipationRepository.LIMIT).map(ActiveWaitlist::of).collectList(),
                                auctions.activeOf(context, consumer, ParticipationRepository.LIMIT).map(ActiveAuction::of).collectList(),
                                bookings.activeOf(context, consumer, ParticipationRepository.LIMIT).map(ActiveAppointment::of).collectList())
                        .map(active -> ParticipationsResponse.of(consumer, active.getT1(), active.getT2(), active.getT3(), active.getT4(),
                                active.getT5(), active.getT6())));
    }

    /** The engine may have moved an entry on since the record was read (admitted, left): only live states remain. */
    private Mono<List<ActiveQueue>> activeQueues(InternalContext context, UUID consumer) {
        return repository.activeQueues(context, consumer)
                .flatMapSequential(entry -> liveState(entry, consumer), CONCURRENCY)
                .filter(queue -> ACTIVE.contains(queue.status()))
                .collectList();
    }

    /** A draw's state may have moved on since the read (drawn: lost; completed): only entered and won remain. */
    private Mono<List<ActiveDraw>> activeDraws(InternalContext context, UUID consumer) {
        return repository.activeDraws(context, consumer)
                .flatMapSequential(entry -> draws.statusOf(entry.queueId(), consumer)
                        .map(status -> ActiveDraw.of(status, entry.experienceId(), entry.sequenceId())), CONCURRENCY)
                .filter(draw -> ACTIVE_DRAW.contains(draw.status()))
                .collectList();
    }

    private Mono<ActiveQueue> liveState(ParticipationRepository.ActiveEntry entry, UUID consumer) {
        // A queue deleted since the read simply drops out (empty), it is not an error.
        return queues.settings(entry.queueId())
                .flatMap(settings -> line.statusOf(settings, consumer))
                .map(status -> ActiveQueue.of(status, entry.experienceId(), entry.sequenceId()));
    }

    private static UUID requireInternal(InternalContext context, String consumerId) {
        if (context.surface() != ApiSurface.INTERNAL) {
            throw ApiException.notFound("Resource");
        }
        return Ids.parse("cons", consumerId)
                .orElseThrow(() -> ApiException.validation("consumerId", "Must be a consumer id (cons_…)"));
    }
}
