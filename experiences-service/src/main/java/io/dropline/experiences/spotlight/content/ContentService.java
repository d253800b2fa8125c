package io.dropline.experiences.spotlight.content;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.experiences.spotlight.Paging;
import io.dropline.experiences.spotlight.SpotlightAudit;
import io.dropline.experiences.spotlight.SpotlightCatalogChanges;
import io.dropline.experiences.spotlight.SpotlightErrors;
import io.dropline.experiences.spotlight.SpotlightIds;
import io.dropline.experiences.spotlight.SpotlightSurface;
import io.dropline.experiences.spotlight.theme.ThemeService;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spotlight content items (tooltip, spotlight, banner, modal, hotspot, checklist): draft → published → archived.
 * Edits to published content serve at once (reference §7.3); archived items accept no edits (409). Each write and
 * its audit event commit in one transaction, under a row lock.
 */
@Service
public class ContentService {

    private final ContentRepository repository;
    private final ThemeService themes;
    private final SpotlightAudit audit;
    private final SpotlightCatalogChanges changes;
    private final TransactionalOperator transaction;
    private final Clock clock;

    ContentService(ContentRepository repository, ThemeService themes, SpotlightAudit audit, SpotlightCatalogChanges changes,
            TransactionalOperator transaction, Clock clock) {
        this.repository = repository;
        this.themes = themes;
        this.audit = audit;
        this.changes = changes;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A published content item as served. */
    public record PublishedContent(String contentId, String contentType, JsonNode definition, Instant publishedAt) {
    }

    public Flux<PublishedContent> published(InternalContext context) {
        return repository.published(context)
                .map(item -> new PublishedContent(item.id(), item.contentType(), item.definition(), item.publishedAt()));
    }

    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<ContentResponse>>> list(InternalContext context, String limit, String offset) {
        return SpotlightSurface.admin(context)
                .map(admin -> Paging.of(limit, offset))
                .flatMap(paging -> Mono.zip(repository.page(context, paging.limit(), paging.offset()).map(ContentResponse::from).collectList(),
                                repository.count(context))
                        .map(page -> SpotlightEnvelopes.list(page.getT1(), page.getT2(), paging.limit(), paging.offset())));
    }

    Mono<ContentResponse> create(InternalContext context, JsonNode body) {
        return SpotlightSurface.admin(context)
                .map(admin -> ContentDefinitions.type(body))
                .flatMap(type -> {
                    ObjectNode definition = ContentDefinitions.create(type, body);
                    return themes.requireUsable(context, themeOf(definition)).then(insert(context, type, definition));
                });
    }

    private Mono<ContentResponse> insert(InternalContext context, String type, ObjectNode definition) {
        Instant now = clock.instant();
        return repository.insert(context, SpotlightIds.newId("cnt"), type, definition, now)
                .map(ContentResponse::from)
                .flatMap(created -> audit.record(context, "ContentCreatedByAdmin", "content", created.contentId(), null, created, now)
                        .thenReturn(created))
                .as(transaction::transactional)
                .flatMap(created -> changes.changed(context).thenReturn(created));
    }

    Mono<ContentResponse> get(InternalContext context, String id) {
        return SpotlightSurface.admin(context)
                .flatMap(admin -> (SpotlightIds.valid("cnt", id) ? repository.find(context, id) : Mono.<ContentEntity>empty())
                        .switchIfEmpty(Mono.error(() -> SpotlightErrors.notFound("Content"))))
                .map(ContentResponse::from);
    }

    Mono<ContentResponse> update(InternalContext context, String id, JsonNode body) {
        return SpotlightSurface.admin(context).flatMap(admin -> writeUpdate(context, id, body));
    }

    private Mono<ContentResponse> writeUpdate(InternalContext context, String id, JsonNode body) {
        Instant now = clock.instant();
        return lock(context, id)
                .flatMap(before -> before.archived() ? Mono.error(SpotlightErrors.conflict("Archived content cannot be edited"))
                        : Mono.fromCallable(() -> ContentDefinitions.update(before.contentType(), body, before.definition()))
                                .flatMap(definition -> themes.requireUsable(context, body.has("theme_id") ? themeOf(definition) : null)
                                        .then(repository.updateDefinition(context, id, definition, now)))
                                .flatMap(after -> audit(context, "ContentUpdatedByAdmin", before, after, now)))
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(after));
    }

    Mono<ContentResponse> publish(InternalContext context, String id) {
        return SpotlightSurface.admin(context).flatMap(admin -> transition(context, id, "published", "ContentPublishedByAdmin"));
    }

    Mono<ContentResponse> archive(InternalContext context, String id) {
        return SpotlightSurface.admin(context).flatMap(admin -> transition(context, id, "archived", "ContentArchivedByAdmin"));
    }

    /** published: only from draft (publishing published content again → 409); archived: from draft or published. */
    private Mono<ContentResponse> transition(InternalContext context, String id, String status, String action) {
        Instant now = clock.instant();
        return lock(context, id)
                .flatMap(before -> before.archived() || before.status().equals(status)
                        ? Mono.error(SpotlightErrors.conflict("Content is " + before.status() + "; cannot move to " + status))
                        : repository.transition(context, id, status, now).flatMap(after -> audit(context, action, before, after, now)))
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(after));
    }

    private Mono<ContentResponse> audit(InternalContext context, String action, ContentEntity before, ContentEntity after, Instant now) {
        ContentResponse afterView = ContentResponse.from(after);
        return audit.record(context, action, "content", after.id(), ContentResponse.from(before), afterView, now).thenReturn(afterView);
    }

    private Mono<ContentEntity> lock(InternalContext context, String id) {
        return (SpotlightIds.valid("cnt", id) ? repository.lock(context, id) : Mono.<ContentEntity>empty())
                .switchIfEmpty(Mono.error(() -> SpotlightErrors.notFound("Content")));
    }

    /** Null when absent. On update only a theme the body sets is checked: a stored one may have been deleted since. */
    private static String themeOf(ObjectNode definition) {
        JsonNode theme = definition.get("theme_id");
        return theme == null || theme.isNull() ? null : theme.stringValue();
    }
}
