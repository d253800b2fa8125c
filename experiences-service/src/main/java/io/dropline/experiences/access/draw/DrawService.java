package io.dropline.experiences.access.draw;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Draws Admin API, and the draw half of nested creates and copies of experiences and sequences. */
@Service
public class DrawService {

    private final DrawRepository repository;
    private final DrawTimers timers;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final Clock clock;

    DrawService(DrawRepository repository, DrawTimers timers, CursorCodec cursors, TransactionalOperator transaction,
            RequestBodies bodies, Clock clock) {
        this.repository = repository;
        this.timers = timers;
        this.cursors = cursors;
        this.transaction = transaction;
        this.bodies = bodies;
        this.clock = clock;
        DrawKeys.warmUp();
    }

    Mono<DrawResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateDrawRequest.class))
                .flatMap(request -> insertUnderSequence(context, request));
    }

    private Mono<DrawResponse> insertUnderSequence(InternalContext context, CreateDrawRequest request) {
        Instant now = now();
        return repository.findParent(context, Ids.parse("seq", request.sequenceId().value()).orElseThrow())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                .flatMap(parent -> repository.insert(context, Ids.newUuid(), parent,
                        resolved(request, DrawFields.defaults(), parent.experienceTimeZone(), "", now), DrawKeys.newSeed(), now))
                .flatMap(timers::arm)
                .as(transaction::transactional)
                .map(entity -> DrawResponse.from(entity, now));
    }

    Mono<DrawResponse> get(InternalContext context, String id) {
        return Mono.fromSupplier(() -> DrawIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(DrawIds::notFound))
                .map(entity -> DrawResponse.from(entity, now()));
    }

    /** The row of the caller's tenant; 404 "Draw not found" for a malformed, unknown or foreign id. */
    Mono<DrawEntity> entity(InternalContext context, String id) {
        return Mono.fromSupplier(() -> DrawIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(DrawIds::notFound));
    }

    /** How long {@link #cachedEntity} may answer from memory (entries re-check the row under its lock). */
    static final Duration SETTINGS_TTL = Duration.ofMillis(500);

    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(DrawEntity draw, long loadedAtNanos) {
    }

    /**
     * {@link #entity} from a short-lived cache, for the entry path only: a burst of entries costs one read of the draw
     * per {@link #SETTINGS_TTL}, not one per entry. Tenant scoping is checked on every answer, cached or not.
     */
    Mono<DrawEntity> cachedEntity(InternalContext context, String id) {
        return Mono.defer(() -> {
            UUID uuid = DrawIds.parseOrNotFound(id);
            Cached cached = cache.get(uuid);
            if (cached != null && System.nanoTime() - cached.loadedAtNanos() < SETTINGS_TTL.toNanos()) {
                return ownedBy(context, cached.draw());
            }
            return repository.findAnyById(uuid)
                    .doOnNext(draw -> {
                        if (cache.size() > 10_000) {
                            cache.clear();
                        }
                        cache.put(uuid, new Cached(draw, System.nanoTime()));
                    })
                    .flatMap(draw -> ownedBy(context, draw))
                    .switchIfEmpty(Mono.error(DrawIds::notFound));
        });
    }

    private static Mono<DrawEntity> ownedBy(InternalContext context, DrawEntity draw) {
        return draw.organizationId().equals(context.organizationId()) && draw.environment().equals(context.environment().wire())
                ? Mono.just(draw) : Mono.error(DrawIds.notFound());
    }

    /** By uuid whatever the tenant: for streams and peers that resolved the tenant already. */
    Mono<DrawEntity> entityAnyTenant(UUID id) {
        return repository.findAnyById(id);
    }

    /**
     * Partial update of a scheduled or open draw; 409 once it is closed (stopped, past its entry window, drawn), except
     * a bare stop of a drawn draw (which ends its backfills); 409 for any change of the seed or its commitment.
     */
    Mono<DrawResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, UpdateDrawRequest.class))
                .flatMap(changes -> lockedUpdate(context, DrawIds.parseOrNotFound(id), changes))
                .onErrorMap(DataIntegrityViolationException.class, raced -> ApiException.validation("drawAt", "Must be later than openAt"));
    }

    private Mono<DrawResponse> lockedUpdate(InternalContext context, UUID id, UpdateDrawRequest changes) {
        Instant now = now();
        return repository.lockById(context, id)
                .switchIfEmpty(Mono.error(DrawIds::notFound))
                .flatMap(current -> checkedUpdate(context, current, changes, now))
                .as(transaction::transactional)
                .map(entity -> DrawResponse.from(entity, now));
    }

    private Mono<DrawEntity> checkedUpdate(InternalContext context, DrawEntity current, UpdateDrawRequest changes, Instant now) {
        if (changes.changesSeed(current.seedCommitment())) {
            return Mono.error(ApiException.conflict("The seed of a draw cannot change", "SEED_IMMUTABLE"));
        }
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
                .map(zone -> resolved(changes, DrawValues.of(current), zone.orElse(null), "", changes.drawAt().present() ? now : null))
                .flatMap(values -> repository.update(context, current.id(), values, stop, context.principal().id(), now))
                .flatMap(timers::arm);
    }

    /** Hard delete, refused once drawn with winners holding grants or while entries are live before the draw. */
    Mono<DrawResponse> delete(InternalContext context, String id) {
        Instant now = now();
        return Mono.fromSupplier(() -> DrawIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.lockById(context, uuid))
                .switchIfEmpty(Mono.error(DrawIds::notFound))
                .flatMap(draw -> draw.activeEntries() > 0 && (draw.completedAt() == null) && !draw.stopped()
                        ? Mono.error(ApiException.conflict("Cannot delete active distribution", "DISTRIBUTION_ACTIVE"))
                        : repository.delete(context, draw.id()).flatMap(timers::disarm))
                .as(transaction::transactional)
                .map(entity -> DrawResponse.from(entity, now));
    }

    Mono<ListResponse<DrawResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> DrawRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("draws", context)))
                .flatMap(keyset -> page(context, keyset));
    }

    private Mono<ListResponse<DrawResponse>> page(InternalContext context, Keyset<DrawEntity> keyset) {
        Instant now = now();
        return keyset.page(repository.page(context, keyset), row -> DrawResponse.from(row, now));
    }

    // ---- For experiences, sequences and the core ---------------------------------------------------------------

    /**
     * The problems of the times of a draw of a nested create, at {@code prefix} ({@code sequence.draws[0]}): their
     * order, and drawAt in the future. Checks only what is otherwise valid, so they are reported with the body's others.
     */
    public static List<FieldError> nestedProblems(NestedDrawRequest draw, String experienceZone, String prefix, Instant now) {
        DrawFields.Window window = draw.window(DrawFields.defaults(), experienceZone);
        List<FieldError> problems = new ArrayList<>(window.problems(prefix + "."));
        if (window.drawAt() != null && !window.drawAt().isAfter(now)) {
            problems.add(new FieldError(prefix + ".drawAt", "Must be in the future"));
        }
        return problems;
    }

    /** The time zone of an experience (for a nested draw's local date-times); empty when it has none. */
    public Mono<java.util.Optional<String>> experienceTimeZone(UUID experienceId) {
        return repository.experienceTimeZone(experienceId);
    }

    /** Inserts a validated nested draw (in the caller's transaction), with its own new seed. */
    public Mono<DrawResponse> insertNested(InternalContext context, UUID experienceId, UUID sequenceId, NestedDrawRequest draw,
            String experienceZone, Instant now) {
        return repository.insert(context, Ids.newUuid(), new DrawRepository.Parent(sequenceId, experienceId, null),
                        draw.applyTo(DrawFields.defaults(), experienceZone), DrawKeys.newSeed(), now)
                .flatMap(timers::arm)
                .map(entity -> DrawResponse.from(entity, now));
    }

    /**
     * Copies the configuration of a sequence's draws under another sequence (new ids and new seeds: a copy is a new
     * draw with its own commitment; not the entries, not a stop).
     */
    public Mono<Long> copyInto(InternalContext context, UUID fromSequenceId, UUID toExperienceId, UUID toSequenceId, Instant now) {
        DrawRepository.Parent target = new DrawRepository.Parent(toSequenceId, toExperienceId, null);
        return repository.findByParents(context, "sequence_id", List.of(fromSequenceId))
                .concatMap(draw -> repository.insert(context, Ids.newUuid(), target, DrawValues.of(draw), DrawKeys.newSeed(), now)
                        .flatMap(timers::arm))
                .count();
    }

    /** The draws of these experiences, in creation order. */
    public Flux<DrawResponse> ofExperiences(InternalContext context, Collection<UUID> experienceIds) {
        Instant now = now();
        return experienceIds.isEmpty() ? Flux.empty()
                : repository.findByParents(context, "experience_id", experienceIds).map(entity -> DrawResponse.from(entity, now));
    }

    /** Whether any of these draws has live entries (a sequence or experience delete is then refused). */
    public Mono<Boolean> hasActiveParticipants(InternalContext context, String column, Collection<UUID> parentIds) {
        return parentIds.isEmpty() ? Mono.just(false)
                : repository.findByParents(context, column, parentIds)
                        .any(draw -> draw.activeEntries() > 0 && draw.completedAt() == null && !draw.stopped());
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    /**
     * The body over {@code base}, its times checked once the zone they are read in is known; on create ({@code now}
     * given) drawAt must also be in the future.
     */
    private static DrawValues resolved(DrawFields changes, DrawValues base, String experienceZone, String prefix, Instant now) {
        DrawFields.Window window = changes.window(base, experienceZone);
        List<FieldError> problems = new ArrayList<>(window.problems(prefix));
        if (now != null && window.drawAt() != null && !window.drawAt().isAfter(now)) {
            problems.add(new FieldError(prefix + "drawAt", "Must be in the future"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return changes.applyTo(base, experienceZone);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
