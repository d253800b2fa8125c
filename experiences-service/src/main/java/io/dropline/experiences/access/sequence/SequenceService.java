package io.dropline.experiences.access.sequence;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.draw.DrawService;
import io.dropline.experiences.access.draw.NestedDrawRequest;
import io.dropline.experiences.access.line.LineStatistics;
import io.dropline.experiences.access.distribution.AdminSurface;
import io.dropline.experiences.access.queue.QueueService;
import io.dropline.experiences.access.line.QueueSettings;
import io.dropline.experiences.access.auction.AuctionService;
import io.dropline.experiences.access.timedrelease.TimedReleaseService;
import io.dropline.experiences.access.waitlist.NestedWaitlistRequest;
import io.dropline.experiences.access.waitlist.WaitlistService;
import io.dropline.experiences.access.appointment.AppointmentService;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Sequences Admin API, and the sequence steps of experience create, duplicate and includes. */
@Service
public class SequenceService {

    private final SequenceRepository repository;
    private final QueueService queues;
    private final DrawService draws;
    private final LineStatistics statistics;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final TimedReleaseService timedReleases;
    private final WaitlistService waitlists;
    private final AuctionService auctions;
    private final AppointmentService appointments;

    SequenceService(SequenceRepository repository, QueueService queues, DrawService draws, LineStatistics statistics,
            CursorCodec cursors, TransactionalOperator transaction, RequestBodies bodies, TimedReleaseService timedReleases,
            WaitlistService waitlists, AuctionService auctions, AppointmentService appointments) {
        this.appointments = appointments;
        this.draws = draws;
        this.auctions = auctions;
        this.repository = repository;
        this.timedReleases = timedReleases;
        this.waitlists = waitlists;
        this.bodies = bodies;
        this.queues = queues;
        this.statistics = statistics;
        this.cursors = cursors;
        this.transaction = transaction;
    }

    Mono<SequenceResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateSequenceRequest.class, request -> request.distributionProblems(null, "")))
                .flatMap(request -> insertWithDistributions(context, request))
                .map(SequenceResponse::from);
    }

    /** The sequence and the draws, timed releases and waitlist stated with it, in one transaction. */
    private Mono<SequenceEntity> insertWithDistributions(InternalContext context, CreateSequenceRequest request) {
        Instant now = queues.now();
        UUID experienceId = Ids.parse("exp", request.experienceId().value()).orElseThrow();
        return repository.insertUnderExperience(context, Ids.newUuid(), experienceId,
                        request.applyTo(new SequenceRepository.Values(null, 0, null, null, null)), now)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Experience")))
                .flatMap(inserted -> repository.experienceTimeZone(experienceId)
                        .flatMap(zone -> insertDistributions(context, experienceId, inserted.id(), request, zone.orElse(null), now))
                        .thenReturn(inserted))
                .as(transaction::transactional);
    }

    /** The nested draws, timed releases and waitlist of a sequence body, inside the caller's transaction. */
    private Mono<Void> insertDistributions(InternalContext context, UUID experienceId, UUID sequenceId, NestedDistributions body,
            String experienceZone, Instant now) {
        NestedWaitlistRequest waitlist = body.waitlistOrNull();
        return Flux.fromIterable(body.drawList())
                .concatMap(draw -> draws.insertNested(context, experienceId, sequenceId, draw, experienceZone, now))
                .thenMany(Flux.fromIterable(body.timedReleaseList()))
                .concatMap(release -> timedReleases.insertNested(context, experienceId, sequenceId, release, experienceZone, now))
                .thenMany(Flux.fromIterable(body.auctionList()))
                .concatMap(auction -> auctions.insertNested(context, experienceId, sequenceId, auction, experienceZone, now))
                .thenMany(Flux.fromIterable(body.appointmentList()))
                .concatMap(appointment -> appointments.insertNested(context, experienceId, sequenceId, appointment, experienceZone, now))
                .then(waitlist == null ? Mono.empty()
                        : waitlists.insertNested(context, experienceId, sequenceId, waitlist, experienceZone, now).then());
    }

    Mono<SequenceResponse> get(InternalContext context, String id) {
        return Mono.fromSupplier(() -> SequenceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(SequenceIds::notFound))
                .map(SequenceResponse::from);
    }

    Mono<SequenceResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, UpdateSequenceRequest.class))
                .flatMap(changes -> lockedUpdate(context, SequenceIds.parseOrNotFound(id), changes));
    }

    private Mono<SequenceResponse> lockedUpdate(InternalContext context, UUID id, UpdateSequenceRequest changes) {
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(SequenceIds::notFound))
                .flatMap(current -> repository.update(context, id, changes.applyTo(SequenceRepository.Values.of(current)), queues.now()))
                .as(transaction::transactional)
                .map(SequenceResponse::from);
    }

    /** Hard delete with its queues, refused while consumers wait in one of them or hold a grant. */
    Mono<SequenceResponse> delete(InternalContext context, String id) {
        return Mono.fromSupplier(() -> SequenceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(SequenceIds::notFound))
                .flatMap(sequence -> deleteIfIdle(context, sequence))
                .as(transaction::transactional)
                .map(SequenceResponse::from);
    }

    private Mono<SequenceEntity> deleteIfIdle(InternalContext context, SequenceEntity sequence) {
        return queues.settingsOfSequences(context, List.of(sequence.id()))
                .map(QueueSettings::id)
                .collectList()
                .flatMap(statistics::hasActiveParticipants)
                .flatMap(active -> active ? Mono.just(true) : draws.hasActiveParticipants(context, "sequence_id", List.of(sequence.id())))
                .flatMap(active -> active ? Mono.just(true) : timedReleases.anyLive(context, "sequence_id", List.of(sequence.id())))
                .flatMap(active -> active ? Mono.just(true) : auctions.anyLive(context, "sequence_id", List.of(sequence.id())))
                .flatMap(active -> active ? Mono.just(true) : waitlists.anySignedUp(context, "sequence_id", List.of(sequence.id())))
                .flatMap(active -> active ? Mono.just(true) : appointments.anyBooked(context, "sequence_id", List.of(sequence.id())))
                .flatMap(active -> active
                        ? Mono.error(ApiException.conflict("Cannot delete active sequence", "SEQUENCE_ACTIVE"))
                        : repository.delete(context, sequence.id()));
    }

    Mono<SequenceMetrics> metrics(InternalContext context, String id) {
        return Mono.fromSupplier(() -> SequenceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(SequenceIds::notFound))
                .flatMap(sequence -> queues.settingsOfSequences(context, List.of(sequence.id())).collectList())
                .flatMap(settings -> statistics.countsByStatus(settings.stream().map(QueueSettings::id).toList())
                        .map(counts -> metricsOf(id, settings, counts, queues.now())));
    }

    private static SequenceMetrics metricsOf(String id, List<QueueSettings> settings, Map<String, Long> counts, Instant now) {
        long entered = counts.values().stream().mapToLong(Long::longValue).sum();
        long completed = counts.getOrDefault("COMPLETED", 0L);
        long admitRate = settings.stream().filter(queue -> queue.admitsAt(now)).mapToLong(QueueSettings::admitRate).sum();
        return new SequenceMetrics(id, entered, counts.getOrDefault("QUEUED", 0L), counts.getOrDefault("GRANTED", 0L) + completed,
                completed, counts.getOrDefault("LEFT", 0L), counts.getOrDefault("DENIED", 0L), admitRate);
    }

    Mono<ListResponse<SequenceResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> SequenceRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("sequences", context)))
                .flatMap(keyset -> keyset.page(repository.page(context, keyset), SequenceResponse::from));
    }

    // ---- For experiences ------------------------------------------------------------------------------------

    /**
     * Inserts a validated nested sequence and its queues (their local date-times read in their zone, else
     * {@code experienceZone}); runs inside the caller's transaction.
     */
    public Mono<SequenceResponse> insertNested(InternalContext context, UUID experienceId, NestedSequenceRequest sequence,
            String experienceZone, Instant now) {
        return repository.insertUnderExperience(context, Ids.newUuid(), experienceId,
                        sequence.applyTo(new SequenceRepository.Values(null, 0, null, null, null)), now)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("The experience was inserted in this transaction")))
                .flatMap(inserted -> Flux.fromIterable(sequence.queueList())
                        .concatMap(queue -> queues.insertNested(context, experienceId, inserted.id(), queue, experienceZone, now))
                        .then(insertDistributions(context, experienceId, inserted.id(), sequence, experienceZone, now))
                        .then(Mono.just(inserted)))
                .map(SequenceResponse::from);
    }

    /** Copies the sequences of one experience, and their queues, into another (new ids); runs in the caller's transaction. */
    public Mono<Long> copyInto(InternalContext context, UUID fromExperienceId, UUID toExperienceId, Instant now) {
        return repository.findByExperiences(context, List.of(fromExperienceId))
                .concatMap(sequence -> copyOne(context, sequence, toExperienceId, now))
                .count();
    }

    private Mono<SequenceEntity> copyOne(InternalContext context, SequenceEntity sequence, UUID toExperienceId, Instant now) {
        return repository.insertUnderExperience(context, Ids.newUuid(), toExperienceId, SequenceRepository.Values.of(sequence), now)
                .flatMap(copy -> queues.copyInto(context, sequence.id(), toExperienceId, copy.id(), now)
                        .then(draws.copyInto(context, sequence.id(), toExperienceId, copy.id(), now))
                        .thenReturn(copy));
    }

    /** Whether a draw of this experience has live entries (its delete is then refused, as for waiting queues). */
    public Mono<Boolean> hasActiveDraws(InternalContext context, UUID experienceId) {
        return draws.hasActiveParticipants(context, "experience_id", List.of(experienceId));
    }

    /** The sequences of these experiences, highest priority first. */
    public Flux<SequenceResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return experienceIds.isEmpty() ? Flux.empty() : repository.findByExperiences(context, experienceIds).map(SequenceResponse::from);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    static InternalContext admin(InternalContext context) {
        return AdminSurface.require(context, SequenceIds::notFound);
    }
}
