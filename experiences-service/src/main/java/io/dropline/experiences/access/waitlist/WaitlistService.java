package io.dropline.experiences.access.waitlist;

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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Waitlists Admin API ({@code /api/v1/waitlists}) and the nested creates of experiences and sequences. */
@Service
public class WaitlistService {

    private final WaitlistRepository repository;
    private final DistributionTimers timers;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final Clock clock;

    WaitlistService(WaitlistRepository repository, DistributionTimers timers, CursorCodec cursors, TransactionalOperator transaction,
            RequestBodies bodies, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.timers = timers;
        this.cursors = cursors;
        this.transaction = transaction;
        this.bodies = bodies;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    Mono<WaitlistResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateWaitlistRequest.class,
                        request -> request.crossProblems(WaitlistValues.DEFAULTS, null, "")))
                .flatMap(request -> insertUnderSequence(context, request));
    }

    private Mono<WaitlistResponse> insertUnderSequence(InternalContext context, CreateWaitlistRequest request) {
        Instant now = now();
        return repository.findParent(context, Ids.parse("seq", request.sequenceId().value()).orElseThrow())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                .flatMap(parent -> repository.insert(context, Ids.newUuid(), parent,
                        checked(request, WaitlistValues.DEFAULTS, parent.experienceTimeZone(), 0), now))
                .flatMap(this::arm)
                .as(transaction::transactional)
                .onErrorMap(DuplicateKeyException.class, taken -> oneWaitlistPerSequence())
                .map(entity -> WaitlistResponse.from(entity, now));
    }

    static ApiException oneWaitlistPerSequence() {
        return ApiException.conflict("Sequence already has a waitlist", "WAITLIST_EXISTS");
    }

    Mono<WaitlistResponse> get(InternalContext context, String id) {
        return Mono.fromSupplier(() -> WaitlistIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                .map(entity -> WaitlistResponse.from(entity, now()));
    }

    /** Partial update of a scheduled or open waitlist; a closed or stopped one → 409 (§5.4). */
    Mono<WaitlistResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, UpdateWaitlistRequest.class))
                .flatMap(changes -> lockedUpdate(context, WaitlistIds.parseOrNotFound(id), changes))
                .onErrorMap(DataIntegrityViolationException.class, raced -> ApiException.validation("closeAt", "Must be later than openAt"));
    }

    private Mono<WaitlistResponse> lockedUpdate(InternalContext context, UUID id, UpdateWaitlistRequest changes) {
        Instant now = now();
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                .flatMap(current -> checkedUpdate(context, current, changes, now))
                .as(transaction::transactional)
                .map(entity -> WaitlistResponse.from(entity, now));
    }

    private Mono<WaitlistEntity> checkedUpdate(InternalContext context, WaitlistEntity current, UpdateWaitlistRequest changes, Instant now) {
        if (current.stopped()) {
            return Mono.error(changes.reopens() ? ApiException.conflict("Cannot reopen ended distribution", "DISTRIBUTION_CLOSED")
                    : ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        if (current.lifecycle().closedAt(now) && !(changes.stops() && changes.onlyStops())) {
            return Mono.error(ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        return repository.experienceTimeZone(current.experienceId())
                .map(zone -> checked(changes, WaitlistValues.of(current), zone.orElse(null), current.signupCount()))
                .flatMap(values -> repository.update(context, current.id(), values, changes.stops(), context.principal().id(), now))
                .flatMap(this::arm);
    }

    /** Hard delete, refused while consumers are signed up; the answer is the waitlist as it was. */
    Mono<WaitlistResponse> delete(InternalContext context, String id) {
        Instant now = now();
        return Mono.fromSupplier(() -> WaitlistIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                .flatMap(waitlist -> waitlist.signupCount() > 0
                        ? Mono.error(ApiException.conflict("Cannot delete active distribution", "DISTRIBUTION_ACTIVE"))
                        : repository.delete(context, waitlist.id()).flatMap(deleted -> timers.disarmAll(deleted.id()).thenReturn(deleted)))
                .as(transaction::transactional)
                .map(entity -> WaitlistResponse.from(entity, now));
    }

    Mono<ListResponse<WaitlistResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> WaitlistRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("waitlists", context)))
                .flatMap(keyset -> page(context, keyset));
    }

    private Mono<ListResponse<WaitlistResponse>> page(InternalContext context, Keyset<WaitlistEntity> keyset) {
        Instant now = now();
        return keyset.page(repository.page(context, keyset), row -> WaitlistResponse.from(row, now));
    }

    // ---- For experiences, sequences and routing -------------------------------------------------------------

    /** Inserts a validated nested waitlist inside the caller's transaction (a second one for the sequence → 409). */
    public Mono<WaitlistResponse> insertNested(InternalContext context, UUID experienceId, UUID sequenceId, NestedWaitlistRequest request,
            String experienceZone, Instant now) {
        return repository.insert(context, Ids.newUuid(), new WaitlistRepository.Parent(sequenceId, experienceId, experienceZone),
                        request.applyTo(WaitlistValues.DEFAULTS, experienceZone), now)
                .flatMap(this::arm)
                .onErrorMap(DuplicateKeyException.class, taken -> oneWaitlistPerSequence())
                .map(entity -> WaitlistResponse.from(entity, now));
    }

    /** The waitlists of these experiences, in creation order. */
    public Flux<WaitlistResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        Instant now = now();
        return experienceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "experience_id", experienceIds).map(entity -> WaitlistResponse.from(entity, now));
    }

    /** The waitlists of these sequences (one each at most). */
    public Flux<WaitlistResponse> ofSequences(InternalContext context, Collection<UUID> sequenceIds) {
        Instant now = now();
        return sequenceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "sequence_id", sequenceIds).map(entity -> WaitlistResponse.from(entity, now));
    }

    /** Whether a waitlist of these sequences or experiences ({@code column}) has anyone signed up (then not deleted). */
    public Mono<Boolean> anySignedUp(InternalContext context, String column, Collection<UUID> parentIds) {
        return parentIds.isEmpty() ? Mono.just(false)
                : repository.findByParents(context, column, parentIds).any(waitlist -> waitlist.signupCount() > 0);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    /** Arms open and close, and the first wave at notifyAt while no wave has run, for the row as it now is. */
    Mono<WaitlistEntity> arm(WaitlistEntity waitlist) {
        Instant stoppedAt = waitlist.stopped() ? (waitlist.statusOverrideAt() != null ? waitlist.statusOverrideAt() : waitlist.updatedAt()) : null;
        Mono<Void> firstWave = waitlist.wavesSent() > 0 ? Mono.empty()
                : timers.arm(WaitlistIds.TYPE, waitlist.id(), WaitlistWaves.kind(1), waitlist.stopped() ? null : waitlist.notifyAt());
        return timers.armWindow(WaitlistIds.TYPE, waitlist.id(), waitlist.openAt(), waitlist.closeAt(), waitlist.createdAt(), stoppedAt)
                .then(firstWave)
                .thenReturn(waitlist);
    }

    private static WaitlistValues checked(WaitlistFields changes, WaitlistValues base, String experienceZone, int signups) {
        List<FieldError> problems = new ArrayList<>(changes.crossProblems(base, experienceZone, ""));
        WaitlistValues values = changes.applyTo(base, experienceZone);
        if (values.capacity() != null && values.capacity() < signups) {
            problems.add(new FieldError("capacity", "Must be at least the current sign-ups (" + signups + ")"));
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
