package io.dropline.experiences.access.queue;

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
import io.dropline.experiences.access.line.QueueSettingsSource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    QueueService(QueueRepository repository, LineStatistics statistics, CursorCodec cursors, TransactionalOperator transaction,
            ObjectProvider<Clock> clock, QueueTimers timers) {
        this.timers = timers;
        this.repository = repository;
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
        return Mono.fromSupplier(() -> parsed(body, QueueChanges.Mode.CREATE))
                .flatMap(changes -> insertUnderSequence(context, changes));
    }

    private Mono<QueueResponse> insertUnderSequence(InternalContext context, QueueChanges changes) {
        Instant now = now();
        return repository.findParent(context, changes.sequenceId().value())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                .flatMap(parent -> repository.insert(context, Ids.newUuid(), parent,
                        resolved(changes, QueueChanges.defaults(), parent.experienceTimeZone()), now))
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
        return Mono.fromSupplier(() -> parsed(body, QueueChanges.Mode.UPDATE))
                .flatMap(changes -> lockedUpdate(context, QueueIds.parseOrNotFound(id), changes))
                .onErrorMap(DataIntegrityViolationException.class, raced -> ApiException.validation("closeAt", "Must be later than openAt"));
    }

    private Mono<QueueResponse> lockedUpdate(InternalContext context, UUID id, QueueChanges changes) {
        Instant now = now();
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(QueueIds::notFound))
                .flatMap(current -> checkedUpdate(context, current, changes, now))
                .as(transaction::transactional)
                .map(entity -> QueueResponse.from(entity, now));
    }

    private Mono<QueueEntity> checkedUpdate(InternalContext context, QueueEntity current, QueueChanges changes, Instant now) {
        boolean stop = "ended".equals(changes.statusOverride().value());
        if (current.stopped()) {
            return Mono.error(changes.statusOverride().present() && changes.statusOverride().value() == null
                    ? ApiException.conflict("Cannot reopen ended distribution", "DISTRIBUTION_CLOSED")
                    : ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        if (current.closedAt(now) && !(stop && onlyStops(changes))) {
            return Mono.error(ApiException.conflict("Cannot update closed distribution", "DISTRIBUTION_CLOSED"));
        }
        return repository.experienceTimeZone(current.experienceId())
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .map(zone -> resolved(changes, QueueValues.of(current), zone.orElse(null)))
                .flatMap(values -> repository.update(context, current.id(), values, stop, context.principal().id(), now))
                .flatMap(timers::arm);
    }

    private static boolean onlyStops(QueueChanges changes) {
        return !changes.name().present() && !changes.timeZone().present() && !changes.openAt().present()
                && !changes.closeAt().present() && !changes.supportsGuest().present() && !changes.admitRate().present()
                && !changes.capacity().present() && !changes.maxAdmissions().present()
                && !changes.admissionExpirationSeconds().present() && !changes.recycleExpiredSpots().present()
                && !changes.metadataJson().present();
    }

    /** Hard delete, refused while consumers wait in the queue or hold an unexpired grant; the answer is the queue as it was. */
    Mono<QueueResponse> delete(InternalContext context, String id) {
        Instant now = now();
        return Mono.fromSupplier(() -> QueueIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(QueueIds::notFound))
                .flatMap(queue -> deleteIfIdle(context, queue))
                .as(transaction::transactional)
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
     * Validates a queue of a nested create; local date-times are read in the queue's zone, else {@code experienceZone}
     * (already validated, may be null), else UTC. Problems go to {@code errors}.
     */
    public static NewQueue parseNested(JsonNode node, String prefix, String experienceZone, List<FieldError> errors) {
        QueueChanges changes = QueueChanges.parse(node, prefix, QueueChanges.Mode.NESTED_CREATE, errors);
        return new NewQueue(changes.applyTo(QueueChanges.defaults(), experienceZone, prefix, errors));
    }

    /** Inserts a validated nested queue; runs inside the caller's transaction. */
    public Mono<QueueResponse> insertNested(InternalContext context, UUID experienceId, UUID sequenceId, NewQueue queue, Instant now) {
        return repository.insert(context, Ids.newUuid(), new QueueRepository.Parent(sequenceId, experienceId, null), queue.values, now)
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

    private static QueueChanges parsed(JsonNode body, QueueChanges.Mode mode) {
        List<FieldError> errors = new ArrayList<>();
        QueueChanges changes = QueueChanges.parse(body, "", mode, errors);
        throwIfAny(errors);
        return changes;
    }

    private static QueueValues resolved(QueueChanges changes, QueueValues base, String experienceZone) {
        List<FieldError> errors = new ArrayList<>();
        QueueValues values = changes.applyTo(base, experienceZone, "", errors);
        throwIfAny(errors);
        return values;
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    /** PostgreSQL keeps microseconds; truncating here makes the response equal what a later read returns. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
