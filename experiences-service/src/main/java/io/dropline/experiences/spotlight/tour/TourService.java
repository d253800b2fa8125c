package io.dropline.experiences.spotlight.tour;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.Paging;
import io.dropline.experiences.spotlight.SpotlightAudit;
import io.dropline.experiences.spotlight.SpotlightCatalogChanges;
import io.dropline.experiences.spotlight.SpotlightErrors;
import io.dropline.experiences.spotlight.SpotlightIds;
import io.dropline.experiences.spotlight.SpotlightSurface;
import io.dropline.experiences.spotlight.theme.ThemeService;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spotlight tours: draft → published → archived, with immutable numbered versions. Publishing freezes the working
 * definition as version N+1; rollback re-publishes an old snapshot as N+1 (history is never rewritten); archived
 * tours accept no edits, publishes or rollbacks (409) but can be copied. Each write and its audit event commit in
 * one transaction, under a row lock so lifecycle checks cannot race.
 */
@Service
public class TourService {

    private final TourRepository repository;
    private final ThemeService themes;
    private final SpotlightAudit audit;
    private final SpotlightCatalogChanges changes;
    private final TransactionalOperator transaction;
    private final Clock clock;

    TourService(TourRepository repository, ThemeService themes, SpotlightAudit audit, SpotlightCatalogChanges changes,
            TransactionalOperator transaction, Clock clock) {
        this.repository = repository;
        this.themes = themes;
        this.audit = audit;
        this.changes = changes;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A published tour's served snapshot. */
    public record PublishedTour(String tourId, int version, JsonNode definition, Instant publishedAt) {
    }

    /** The served snapshots of the tenant's published tours (the SDK catalog's source). */
    public Flux<PublishedTour> published(InternalContext context) {
        return repository.published(context)
                .map(version -> new PublishedTour(version.tourId(), version.version(), version.definition(), version.publishedAt()));
    }

    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<TourResponse.Summary>>> list(InternalContext context, String limit, String offset) {
        return SpotlightSurface.admin(context)
                .map(admin -> Paging.of(limit, offset))
                .flatMap(paging -> Mono.zip(repository.page(context, paging.limit(), paging.offset()).map(TourResponse.Summary::from).collectList(),
                                repository.count(context))
                        .map(page -> SpotlightEnvelopes.list(page.getT1(), page.getT2(), paging.limit(), paging.offset())));
    }

    Mono<TourResponse> create(InternalContext context, JsonNode body) {
        return SpotlightSurface.admin(context)
                .map(admin -> TourDefinitions.create(body))
                .flatMap(definition -> themes.requireUsable(context, themeOf(definition)).thenReturn(definition))
                .flatMap(definition -> insert(context, SpotlightIds.newId("tour"), definition, "tour.create", null));
    }

    private Mono<TourResponse> insert(InternalContext context, String id, ObjectNode definition, String action, TourResponse before) {
        Instant now = clock.instant();
        return repository.insert(context, id, definition, now)
                .then(repository.find(context, id))
                .map(TourResponse::from)
                .flatMap(created -> audit.record(context, action, "tour", id, before, created, now).thenReturn(created))
                .as(transaction::transactional)
                .flatMap(created -> changes.changed(context).thenReturn(created));
    }

    Mono<TourResponse> get(InternalContext context, String id) {
        return SpotlightSurface.admin(context)
                .flatMap(admin -> find(context, id))
                .map(TourResponse::from);
    }

    Mono<TourResponse> update(InternalContext context, String id, JsonNode body) {
        return SpotlightSurface.admin(context).flatMap(admin -> writeUpdate(context, id, body));
    }

    /** The body is applied to the locked row's definition, so concurrent partial updates compose. */
    private Mono<TourResponse> writeUpdate(InternalContext context, String id, JsonNode body) {
        Instant now = clock.instant();
        return lock(context, id)
                .flatMap(before -> before.archived() ? Mono.error(SpotlightErrors.conflict("Archived tours cannot be edited"))
                        : Mono.fromCallable(() -> TourDefinitions.update(body, before.definition()))
                                .flatMap(definition -> themes.requireUsable(context, givenTheme(body, definition))
                                        .then(repository.updateDefinition(context, id, definition, now)))
                                .then(repository.find(context, id))
                                .flatMap(after -> audit(context, "TourUpdatedByAdmin", before, after, now)))
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(after));
    }

    Mono<TourResponse.Published> publish(InternalContext context, String id) {
        return SpotlightSurface.admin(context).flatMap(admin -> writePublish(context, id));
    }

    private Mono<TourResponse.Published> writePublish(InternalContext context, String id) {
        Instant now = clock.instant();
        return lock(context, id)
                .flatMap(before -> {
                    if (before.archived()) {
                        return Mono.error(SpotlightErrors.conflict("Archived tours cannot be published"));
                    }
                    if ("published".equals(before.status()) && !before.hasUnpublishedChanges()) {
                        return Mono.error(SpotlightErrors.conflict("Tour is already published with no changes"));
                    }
                    if (before.stepCount() == 0) {
                        return Mono.error(SpotlightErrors.unprocessable("steps", "Publishing needs at least one step"));
                    }
                    return repository.publish(context, id, before.version() + 1, before.definition(), "publish", null,
                                    context.principal().id(), now)
                            .then(repository.find(context, id))
                            .flatMap(after -> audit(context, "TourPublishedByAdmin", before, after, now));
                })
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(published(after)));
    }

    Mono<TourResponse.Published> rollback(InternalContext context, String id, JsonNode body) {
        return SpotlightSurface.admin(context)
                .map(admin -> rollbackTarget(body))
                .flatMap(version -> writeRollback(context, id, version));
    }

    private static int rollbackTarget(JsonNode body) {
        JsonInput.object(body, "");
        JsonInput.rejectUnknown(body, Set.of("version"), "");
        if (!JsonInput.has(body, "version")) {
            throw SpotlightErrors.badRequest("version", "Required");
        }
        return JsonInput.integer(body.get("version"), "version", 1, Integer.MAX_VALUE);
    }

    private Mono<TourResponse.Published> writeRollback(InternalContext context, String id, int target) {
        Instant now = clock.instant();
        return lock(context, id)
                .flatMap(before -> before.archived() ? Mono.error(SpotlightErrors.conflict("Archived tours cannot be rolled back"))
                        : repository.version(context, id, target)
                                .switchIfEmpty(Mono.error(() -> SpotlightErrors.notFound("Version")))
                                .flatMap(snapshot -> repository.publish(context, id, before.version() + 1, snapshot.definition(), "rollback",
                                        target, context.principal().id(), now))
                                .then(repository.find(context, id))
                                .flatMap(after -> audit(context, "TourVersionRolledBackByAdmin", before, after, now)))
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(published(after)));
    }

    Mono<TourResponse> archive(InternalContext context, String id) {
        return SpotlightSurface.admin(context).flatMap(admin -> writeArchive(context, id));
    }

    private Mono<TourResponse> writeArchive(InternalContext context, String id) {
        Instant now = clock.instant();
        return lock(context, id)
                .flatMap(before -> before.archived() ? Mono.error(SpotlightErrors.conflict("Tour is already archived"))
                        : repository.archive(context, id, now)
                                .then(repository.find(context, id))
                                .flatMap(after -> audit(context, "TourArchivedByAdmin", before, after, now)))
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(after));
    }

    /** A new draft with the source's working definition (any status, archived included) and a fresh id. */
    Mono<TourResponse> copy(InternalContext context, String id, JsonNode body) {
        return SpotlightSurface.admin(context)
                .flatMap(admin -> find(context, id))
                .map(source -> copyDefinition(source, body))
                .flatMap(definition -> withoutDeletedTheme(context, definition))
                .flatMap(definition -> insert(context, SpotlightIds.newId("tour"), definition, "TourCopiedByAdmin", null));
    }

    private static ObjectNode copyDefinition(TourEntity source, JsonNode body) {
        ObjectNode definition = source.definition().deepCopy();
        if (body == null || body.isNull()) {
            return definition;
        }
        JsonInput.object(body, "");
        JsonInput.rejectUnknown(body, Set.of("title"), "");
        if (body.has("title")) {
            definition.put("title", JsonInput.nonBlank(body, "title", "", 200).trim());
        }
        return definition;
    }

    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<TourResponse.Version>>> versions(InternalContext context, String id,
            String limit, String offset) {
        return SpotlightSurface.admin(context)
                .map(admin -> Paging.of(limit, offset))
                .flatMap(paging -> find(context, id)
                        .flatMap(tour -> repository.versions(context, id, paging.limit(), paging.offset()).map(TourResponse.Version::from)
                                .collectList()
                                .map(items -> SpotlightEnvelopes.list(items, tour.version(), paging.limit(), paging.offset()))));
    }

    private Mono<TourResponse> audit(InternalContext context, String action, TourEntity before, TourEntity after, Instant now) {
        TourResponse afterView = TourResponse.from(after);
        return audit.record(context, action, "tour", after.id(), TourResponse.from(before), afterView, now).thenReturn(afterView);
    }

    private static TourResponse.Published published(TourResponse tour) {
        return new TourResponse.Published(tour.tourId(), tour.status(), tour.version(), tour.publishedAt());
    }

    private Mono<TourEntity> find(InternalContext context, String id) {
        return (SpotlightIds.valid("tour", id) ? repository.find(context, id) : Mono.<TourEntity>empty())
                .switchIfEmpty(Mono.error(() -> SpotlightErrors.notFound("Tour")));
    }

    private Mono<TourEntity> lock(InternalContext context, String id) {
        return (SpotlightIds.valid("tour", id) ? repository.lock(context, id) : Mono.<TourEntity>empty())
                .switchIfEmpty(Mono.error(() -> SpotlightErrors.notFound("Tour")));
    }

    /** A copy must not inherit a reference to a theme deleted since; it falls back to the default theme instead. */
    private Mono<ObjectNode> withoutDeletedTheme(InternalContext context, ObjectNode definition) {
        return themes.usable(context, themeOf(definition)).map(usable -> usable ? definition : definition.putNull("theme_id"));
    }

    /**
     * The theme to check on update: only one the body sets. A stored reference may point at a theme deleted since,
     * which must not block unrelated edits (the SDK falls back to the default theme for it).
     */
    private static String givenTheme(JsonNode body, ObjectNode definition) {
        return body.has("theme_id") ? themeOf(definition) : null;
    }

    private static String themeOf(ObjectNode definition) {
        JsonNode theme = definition.get("theme_id");
        return theme == null || theme.isNull() ? null : theme.stringValue();
    }
}
