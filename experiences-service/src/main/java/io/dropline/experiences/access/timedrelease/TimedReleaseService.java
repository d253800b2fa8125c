package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.DistributionTimers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Timed releases Admin API ({@code /api/v1/timed-releases}) and the nested creates of experiences and sequences. */
@Service
public class TimedReleaseService {

    private final TimedReleaseRepository repository;
    private final DistributionTimers timers;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final Clock clock;

    TimedReleaseService(TimedReleaseRepository repository, DistributionTimers timers, CursorCodec cursors,
            TransactionalOperator transaction, RequestBodies bodies, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.timers = timers;
        this.cursors = cursors;
        this.transaction = transaction;
        this.bodies = bodies;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    Mono<TimedReleaseResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateTimedReleaseRequest.class))
                .flatMap(request -> insertUnderSequence(context, request));
    }

    private Mono<TimedReleaseResponse> insertUnderSequence(InternalContext context, CreateTimedReleaseRequest request) {
        Instant now = now();
        return repository.findParent(context, Ids.parse("seq", request.sequenceId().value()).orElseThrow())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                .flatMap(parent -> repository.insert(context, Ids.newUuid(), parent,
                        checked(request, TimedReleaseValues.DEFAULTS, parent.experienceTimeZone()), now))
                .flatMap(this::arm)
                .as(transaction::transactional)
                .map(entity -> TimedReleaseResponse.from(entity, now));
    }

    Mono<TimedReleaseResponse> get(InternalContext context, String id) {
        return Mono.fromSupplier(() -> TimedReleaseIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(TimedReleaseIds::notFound))
                .map(entity -> TimedReleaseResponse.from(entity, now()));
    }

    /** Partial update of a scheduled or open timed release; a closed or stopped one → 409 (§5.4). */
    Mono<TimedReleaseResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, UpdateTimedReleaseRequest.class))
                .flatMap(changes -> lockedUpdate(context, TimedReleaseIds.parseOrNotFound(id), changes))
                .onErrorMap(DataIntegrityViolationException.class, raced -> ApiException.validation("closeAt", "Must be later than openAt"));
    }

    private Mono<TimedReleaseResponse> lockedUpdate(InternalContext context, UUID id, UpdateTimedReleaseRequest changes) {
        Instant now = now();
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(TimedReleaseIds::notFound))
                .flatMap(current -> checkedUpdate(context, current, changes, now))
                .as(transaction::transactional)
                .map(entity -> TimedReleaseResponse.from(entity, now));
    }

    private Mono<TimedReleaseEntity> checkedUpdate(InternalContext context, TimedReleaseEntity current, UpdateTimedReleaseRequest changes,
            Instant now) {
        if (current.stopped()) {
            return Mono.error(changes.reopens() ? ApiException.conflict("Cannot reopen ended distribution", "DISTRIBUTION_CLOSED")
                    : ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        if (current.lifecycle().closedAt(now) && !(changes.stops() && changes.onlyStops())) {
            return Mono.error(ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        return repository.experienceTimeZone(current.experienceId())
                .map(zone -> checked(changes, TimedReleaseValues.of(current), zone.orElse(null)))
                .flatMap(values -> repository.update(context, current.id(), values, changes.stops(), context.principal().id(), now))
                .flatMap(this::arm);
    }

    /** Hard delete, refused while a consumer holds a live grant; the answer is the timed release as it was. */
    Mono<TimedReleaseResponse> delete(InternalContext context, String id) {
        Instant now = now();
        return Mono.fromSupplier(() -> TimedReleaseIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(TimedReleaseIds::notFound))
                .flatMap(release -> repository.hasLiveGrants(release.id(), now)
                        .flatMap(live -> live ? Mono.error(ApiException.conflict("Cannot delete active distribution", "DISTRIBUTION_ACTIVE"))
                                : repository.delete(context, release.id()).flatMap(deleted -> timers.disarmAll(deleted.id()).thenReturn(deleted))))
                .as(transaction::transactional)
                .map(entity -> TimedReleaseResponse.from(entity, now));
    }

    Mono<ListResponse<TimedReleaseResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> TimedReleaseRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("timed_releases", context)))
                .flatMap(keyset -> page(context, keyset));
    }

    private Mono<ListResponse<TimedReleaseResponse>> page(InternalContext context, Keyset<TimedReleaseEntity> keyset) {
        Instant now = now();
        return keyset.page(repository.page(context, keyset), row -> TimedReleaseResponse.from(row, now));
    }

    // ---- For experiences and sequences ----------------------------------------------------------------------

    /** Inserts a validated nested timed release inside the caller's transaction. */
    public Mono<TimedReleaseResponse> insertNested(InternalContext context, UUID experienceId, UUID sequenceId,
            NestedTimedReleaseRequest request, String experienceZone, Instant now) {
        return repository.insert(context, Ids.newUuid(), new TimedReleaseRepository.Parent(sequenceId, experienceId, experienceZone),
                        request.applyTo(TimedReleaseValues.DEFAULTS, experienceZone), now)
                .flatMap(this::arm)
                .map(entity -> TimedReleaseResponse.from(entity, now));
    }

    /** The timed releases of these experiences, in creation order. */
    public Flux<TimedReleaseResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        Instant now = now();
        return experienceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "experience_id", experienceIds).map(entity -> TimedReleaseResponse.from(entity, now));
    }

    /** The timed releases of these sequences, in creation order. */
    public Flux<TimedReleaseResponse> ofSequences(InternalContext context, Collection<UUID> sequenceIds) {
        Instant now = now();
        return sequenceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "sequence_id", sequenceIds).map(entity -> TimedReleaseResponse.from(entity, now));
    }

    /**
     * Whether a timed release of these sequences or experiences ({@code column}: sequence_id or experience_id) has a
     * consumer with a live grant: its sequence or experience is then not deleted (their cascade would take it).
     */
    public Mono<Boolean> anyLive(InternalContext context, String column, Collection<UUID> parentIds) {
        Instant now = now();
        return parentIds.isEmpty() ? Mono.just(false)
                : repository.findByParents(context, column, parentIds)
                        .concatMap(release -> repository.hasLiveGrants(release.id(), now))
                        .any(Boolean::booleanValue);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    /** Arms open and close for the row as it now is (inside the transaction that wrote it). */
    Mono<TimedReleaseEntity> arm(TimedReleaseEntity release) {
        return timers.armWindow(TimedReleaseIds.TYPE, release.id(), release.openAt(), release.closeAt(), release.createdAt(),
                        release.stopped() ? (release.statusOverrideAt() != null ? release.statusOverrideAt() : release.updatedAt()) : null)
                .thenReturn(release);
    }

    private static TimedReleaseValues checked(TimedReleaseFields changes, TimedReleaseValues base, String experienceZone) {
        if (!changes.schedule(base, experienceZone).ordered()) {
            throw ApiException.validation("closeAt", "Must be later than openAt");
        }
        return changes.applyTo(base, experienceZone);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

}
