package io.dropline.experiences.access.queue;

import io.dropline.contracts.body.FieldRules;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.line.LineStatistics;
import io.dropline.experiences.access.line.QueueSettings;
import io.dropline.experiences.access.line.QueueSettingsChanges;
import io.dropline.experiences.access.line.QueueSettingsSource;
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

/**
 * The Queues Admin API, the queue half of the distributions list, and the queue settings the engine
 * (package {@code line}) reads.
 */
@Service
public class QueueService implements QueueSettingsSource {

    private final QueueRepository repository;
    private final LineStatistics statistics;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final QueueTimers timers;
    private final RequestBodies bodies;
    private final QueueSettingsChanges settingsChanges;

    QueueService(QueueRepository repository, LineStatistics statistics, CursorCodec cursors, TransactionalOperator transaction,
            ObjectProvider<Clock> clock, QueueTimers timers, RequestBodies bodies, QueueSettingsChanges settingsChanges) {
        this.timers = timers;
        this.settingsChanges = settingsChanges;
        this.repository = repository;
        this.bodies = bodies;
        this.statistics = statistics;
        this.cursors = cursors;
        this.transaction = transaction;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    // ---- For the queue engine -------------------------------------------------------------------------------

    /** The settings of a queue by primary key, whatever its tenant; empty when there is no such queue. */
    @Override
    public Mono<QueueSettings> settings(UUID queueId) {
        return repository.findAnyById(queueId).map(QueueEntity::settings);
    }

    /** The settings of a queue of the caller's tenant; 404 "Queue not found" for a malformed, unknown or foreign id. */
    public Mono<QueueSettings> settings(InternalContext context, String publicQueueId) {
        return Mono.fromSupplier(() -> QueueIds.parseOrNotFound(publicQueueId))
                .flatMap(id -> repository.findById(context, id))
                .switchIfEmpty(Mono.error(QueueIds::notFound))
                .map(QueueEntity::settings);
    }

    // ---- Admin API ------------------------------------------------------------------------------------------

    Mono<QueueResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateQueueRequest.class))
                .flatMap(request -> insertUnderSequence(context, request));
    }

    private Mono<QueueResponse> insertUnderSequence(InternalContext context, CreateQueueRequest request) {
        Instant now = now();
        return repository.findParent(context, Ids.parse("seq", request.sequenceId().value()).orElseThrow())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                .flatMap(parent -> repository.insert(context, Ids.newUuid(), parent,
                        resolved(request, QueueFields.defaults(), parent.experienceTimeZone()), now))
                .flatMap(timers::arm)
                .as(transaction::transactional)
                .map(entity -> QueueResponse.from(entity, now));
    }

    public Mono<QueueResponse> get(InternalContext context, String id) {
        return Mono.fromSupplier(() -> QueueIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(QueueIds::notFound))
                .map(entity -> QueueResponse.from(entity, now()));
    }

    /**
     * Partial update of an open or scheduled queue. {@code statusOverride: "ended"} stops it at once (also after
     * its closeAt, to stop admitting those still waiting); a stopped queue cannot be changed or reopened.
     */
    Mono<QueueResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, UpdateQueueRequest.class))
                .flatMap(changes -> lockedUpdate(context, QueueIds.parseOrNotFound(id), changes))
                .onErrorMap(DataIntegrityViolationException.class, raced -> ApiException.validation("closeAt", "Must be later than openAt"));
    }

    private Mono<QueueResponse> lockedUpdate(InternalContext context, UUID id, UpdateQueueRequest changes) {
        Instant now = now();
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(QueueIds::notFound))
                .flatMap(current -> checkedUpdate(context, current, changes, now))
                .as(transaction::transactional)
                .flatMap(entity -> settingsChanges.changed(entity.id()).thenReturn(entity))
                .map(entity -> QueueResponse.from(entity, now));
    }

    private Mono<QueueEntity> checkedUpdate(InternalContext context, QueueEntity current, UpdateQueueRequest changes, Instant now) {
        boolean stop = changes.stops();
        if (current.stopped()) {
            return Mono.error(changes.statusOverride().present() && FieldRules.stripped(changes.statusOverride()).value() == null
                    ? ApiException.conflict("Cannot reopen ended distribution", "DISTRIBUTION_CLOSED")
                    : ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        if (current.closedAt(now) && !(stop && changes.onlyStops())) {
            return Mono.error(ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        return repository.experienceTimeZone(current.experienceId())
                .map(zone -> resolved(changes, QueueValues.of(current), zone.orElse(null)))
                .flatMap(values -> repository.update(context, current.id(), values, stop, context.principal().id(), now))
                .flatMap(timers::arm);
    }

    /** Hard delete, refused while consumers wait in the queue or hold an unexpired grant; the answer is the queue as it was. */
    Mono<QueueResponse> delete(InternalContext context, String id) {
        Instant now = now();
        return Mono.fromSupplier(() -> QueueIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(QueueIds::notFound))
                .flatMap(queue -> deleteIfIdle(context, queue))
                .as(transaction::transactional)
                .flatMap(entity -> settingsChanges.changed(entity.id()).thenReturn(entity))
                .map(entity -> QueueResponse.from(entity, now));
    }

    private Mono<QueueEntity> deleteIfIdle(InternalContext context, QueueEntity queue) {
        return statistics.hasActiveParticipants(List.of(queue.id()))
                .flatMap(active -> active
                        ? Mono.error(ApiException.conflict("Cannot delete active distribution", "DISTRIBUTION_ACTIVE"))
                        : repository.delete(context, queue.id()).flatMap(timers::disarm));
    }

    Mono<ListResponse<QueueResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> QueueRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("queues", context)))
                .flatMap(keyset -> page(context, keyset));
    }

    private Mono<ListResponse<QueueResponse>> page(InternalContext context, Keyset<QueueEntity> keyset) {
        Instant now = now();
        return keyset.page(repository.page(context, keyset), row -> QueueResponse.from(row, now));
    }

    // ---- For experiences and sequences ----------------------------------------------------------------------

    /**
     * The window problem of a queue of a nested create, at {@code prefix}, or null: its local date-times are read in
     * its zone, else {@code experienceZone} (may be null), else UTC. Checks only what is otherwise valid, so it can
     * be reported with the body's other problems.
     */
    public static FieldError windowProblem(NestedQueueRequest queue, String experienceZone, String prefix) {
        return queue.window(QueueFields.defaults(), experienceZone).ordered() ? null
                : new FieldError(prefix + ".closeAt", "Must be later than openAt");
    }

    /**
     * Inserts a validated nested queue, its local date-times read in its zone, else {@code experienceZone}, else UTC;
     * runs inside the caller's transaction.
     */
    public Mono<QueueResponse> insertNested(InternalContext context, UUID experienceId, UUID sequenceId, NestedQueueRequest queue,
            String experienceZone, Instant now) {
        return repository.insert(context, Ids.newUuid(), new QueueRepository.Parent(sequenceId, experienceId, null),
                        queue.applyTo(QueueFields.defaults(), experienceZone), now)
                .flatMap(timers::arm)
                .map(entity -> QueueResponse.from(entity, now));
    }

    /** Copies the configuration of a sequence's queues under another sequence (new ids; not the engine state, not a stop). */
    public Mono<Long> copyInto(InternalContext context, UUID fromSequenceId, UUID toExperienceId, UUID toSequenceId, Instant now) {
        QueueRepository.Parent target = new QueueRepository.Parent(toSequenceId, toExperienceId, null);
        return repository.findByParents(context, "sequence_id", List.of(fromSequenceId))
                .concatMap(queue -> repository.insert(context, Ids.newUuid(), target, QueueValues.of(queue), now).flatMap(timers::arm))
                .count();
    }

    /** The queues of these experiences, in creation order. */
    public Flux<QueueResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        Instant now = now();
        return experienceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "experience_id", experienceIds).map(entity -> QueueResponse.from(entity, now));
    }

    /** The settings of the queues of these sequences. */
    public Flux<QueueSettings> settingsOfSequences(InternalContext context, Collection<UUID> sequenceIds) {
        return sequenceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "sequence_id", sequenceIds).map(QueueEntity::settings);
    }

    /** The settings of the queues of these experiences. */
    public Flux<QueueSettings> settingsOfExperiences(InternalContext context, Collection<UUID> experienceIds) {
        return experienceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "experience_id", experienceIds).map(QueueEntity::settings);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    /** The body over {@code base}, its window checked once the zone it is read in is known. */
    private static QueueValues resolved(QueueFields changes, QueueValues base, String experienceZone) {
        if (!changes.window(base, experienceZone).ordered()) {
            throw ApiException.validation("closeAt", "Must be later than openAt");
        }
        return changes.applyTo(base, experienceZone);
    }

    /** PostgreSQL keeps microseconds; truncating here makes the response equal what a later read returns. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
