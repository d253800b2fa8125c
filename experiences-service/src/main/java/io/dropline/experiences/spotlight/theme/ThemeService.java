package io.dropline.experiences.spotlight.theme;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.experiences.spotlight.JsonInput;
import io.dropline.experiences.spotlight.Paging;
import io.dropline.experiences.spotlight.SpotlightAudit;
import io.dropline.experiences.spotlight.SpotlightCatalogChanges;
import io.dropline.experiences.spotlight.SpotlightErrors;
import io.dropline.experiences.spotlight.SpotlightIds;
import io.dropline.experiences.spotlight.SpotlightSurface;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Spotlight themes: tenant themes made of validated {@code --spot-*} tokens, the shared presets, and the tenant's
 * one default. Every write and its audit event commit together; the SDK's catalog cache hears of it afterwards.
 */
@Service
public class ThemeService {

    private static final Set<String> FIELDS = Set.of("name", "variables", "light", "dark");
    private static final int MAX_NAME = 80;

    private final ThemeRepository repository;
    private final SpotlightAudit audit;
    private final SpotlightCatalogChanges changes;
    private final TransactionalOperator transaction;
    private final Clock clock;

    ThemeService(ThemeRepository repository, SpotlightAudit audit, SpotlightCatalogChanges changes,
            TransactionalOperator transaction, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.changes = changes;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The validated body of a create or update; null fields were not given. */
    private record ThemeInput(String name, Map<String, String> light, Map<String, String> dark, boolean darkGiven) {
    }

    Mono<SpotlightEnvelopes.Data<SpotlightEnvelopes.Items<ThemeResponse>>> list(InternalContext context, String limit, String offset) {
        return SpotlightSurface.admin(context)
                .map(admin -> Paging.of(limit, offset))
                .flatMap(paging -> Mono.zip(repository.page(context, paging.limit(), paging.offset()).map(ThemeResponse::from).collectList(),
                                repository.count(context))
                        .map(page -> SpotlightEnvelopes.list(page.getT1(), page.getT2(), paging.limit(), paging.offset())));
    }

    Mono<List<ThemeResponse>> presets(InternalContext context) {
        return SpotlightSurface.admin(context).map(admin -> ThemePresets.ALL.stream().map(ThemeResponse::from).toList());
    }

    Mono<ThemeResponse> create(InternalContext context, JsonNode body) {
        return SpotlightSurface.admin(context)
                .map(admin -> input(body, true))
                .flatMap(input -> insert(context, input));
    }

    private Mono<ThemeResponse> insert(InternalContext context, ThemeInput input) {
        Instant now = clock.instant();
        Map<String, String> light = input.light() != null ? input.light() : ThemePresets.INDIGO_LIGHT;
        Map<String, String> dark = input.light() != null || input.darkGiven() ? input.dark() : ThemePresets.INDIGO_DARK;
        return repository.insert(context, SpotlightIds.newId("thm"), input.name(), light, dark, now)
                .map(ThemeResponse::from)
                .flatMap(created -> audit.record(context, "theme.create", "theme", created.themeId(), null, created, now).thenReturn(created))
                .as(transaction::transactional)
                .flatMap(created -> changes.changed(context).thenReturn(created));
    }

    Mono<ThemeResponse> get(InternalContext context, String id) {
        return SpotlightSurface.admin(context)
                .flatMap(admin -> ThemePresets.find(id) != null ? Mono.just(ThemeResponse.from(ThemePresets.find(id)))
                        : findOwn(context, id).map(ThemeResponse::from));
    }

    Mono<ThemeResponse> update(InternalContext context, String id, JsonNode body) {
        return SpotlightSurface.admin(context)
                .map(admin -> writableId(id))
                .map(themeId -> input(body, false))
                .flatMap(input -> writeUpdate(context, id, input));
    }

    private Mono<ThemeResponse> writeUpdate(InternalContext context, String id, ThemeInput input) {
        Instant now = clock.instant();
        return findOwn(context, id)
                .map(ThemeResponse::from)
                .flatMap(before -> repository.update(context, id, input.name(), input.light(), input.dark(), input.darkGiven(), now)
                        .map(ThemeResponse::from)
                        .flatMap(after -> audit.record(context, "theme.update", "theme", id, before, after, now).thenReturn(after)))
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(after));
    }

    Mono<ThemeResponse> setDefault(InternalContext context, String id) {
        return SpotlightSurface.admin(context)
                .map(admin -> writableId(id))
                .flatMap(themeId -> writeDefault(context, themeId));
    }

    private Mono<ThemeResponse> writeDefault(InternalContext context, String id) {
        Instant now = clock.instant();
        return repository.lockDefaults(context)
                .then(findOwn(context, id))
                .map(ThemeResponse::from)
                .flatMap(before -> repository.clearDefault(context)
                        .then(repository.markDefault(context, id, now))
                        .map(ThemeResponse::from)
                        .flatMap(after -> audit.record(context, "theme.set_default", "theme", id, before, after, now).thenReturn(after)))
                .as(transaction::transactional)
                .flatMap(after -> changes.changed(context).thenReturn(after));
    }

    Mono<Void> delete(InternalContext context, String id) {
        return SpotlightSurface.admin(context)
                .map(admin -> writableId(id))
                .flatMap(themeId -> remove(context, themeId));
    }

    private Mono<Void> remove(InternalContext context, String id) {
        Instant now = clock.instant();
        return findOwn(context, id)
                .flatMap(theme -> theme.isDefault()
                        ? Mono.error(SpotlightErrors.conflict("The default theme cannot be deleted; set another theme as default first"))
                        : repository.delete(context, id)
                                .flatMap(deleted -> deleted == 1 ? Mono.just(ThemeResponse.from(theme))
                                        : Mono.error(SpotlightErrors.conflict("The default theme cannot be deleted"))))
                .flatMap(before -> audit.record(context, "theme.deleted", "theme", id, before, null, now))
                .as(transaction::transactional)
                .then(Mono.defer(() -> changes.changed(context)));
    }

    /** Succeeds when {@code themeId} names a preset or a theme of the caller's tenant; 422 otherwise. */
    public Mono<Void> requireUsable(InternalContext context, String themeId) {
        return usable(context, themeId)
                .flatMap(usable -> usable ? Mono.<Void>empty() : Mono.error(SpotlightErrors.unprocessable("theme_id", "No such theme")));
    }

    /** Whether {@code themeId} is null, a preset or one of the tenant's themes. */
    public Mono<Boolean> usable(InternalContext context, String themeId) {
        if (themeId == null || ThemePresets.find(themeId) != null) {
            return Mono.just(true);
        }
        return (SpotlightIds.valid("thm", themeId) ? repository.find(context, themeId) : Mono.<ThemeEntity>empty()).hasElement();
    }

    /** Every theme of the tenant, for the SDK's catalog. */
    public Mono<ThemeCatalog> catalog(InternalContext context) {
        return repository.all(context).collectList().map(ThemeService::catalogOf);
    }

    private static ThemeCatalog catalogOf(List<ThemeEntity> themes) {
        Map<String, ThemeEntity> byId = new LinkedHashMap<>();
        themes.forEach(theme -> byId.put(theme.id(), theme));
        ThemeEntity defaultTheme = themes.stream().filter(ThemeEntity::isDefault).findFirst().orElse(null);
        return new ThemeCatalog(Map.copyOf(byId), defaultTheme);
    }

    private Mono<ThemeEntity> findOwn(InternalContext context, String id) {
        return (SpotlightIds.valid("thm", id) ? repository.find(context, id) : Mono.<ThemeEntity>empty())
                .switchIfEmpty(Mono.error(() -> SpotlightErrors.notFound("Theme")));
    }

    /** Presets are shared and read-only: 409 for any write. */
    private static String writableId(String id) {
        if (ThemePresets.find(id) != null) {
            throw SpotlightErrors.conflict("Theme '" + id + "' is a shared preset and read-only");
        }
        return id;
    }

    private static ThemeInput input(JsonNode body, boolean create) {
        JsonInput.object(body, "");
        JsonInput.rejectUnknown(body, FIELDS, "");
        String name = create ? JsonInput.nonBlank(body, "name", "", MAX_NAME)
                : body.has("name") ? nameOf(body) : null;
        if (body.has("variables") && body.has("light")) {
            throw SpotlightErrors.unprocessable("variables", "Give either variables or light, not both");
        }
        Function<String, Map<String, String>> tokens = field -> JsonInput.has(body, field) ? ThemeTokens.validate(body.get(field), field) : null;
        Map<String, String> light = body.has("variables") ? tokens.apply("variables") : tokens.apply("light");
        if ((body.has("variables") || body.has("light")) && light == null) {
            throw SpotlightErrors.unprocessable(body.has("variables") ? "variables" : "light", "Must not be null");
        }
        Map<String, String> dark = tokens.apply("dark");
        return new ThemeInput(name, light, dark, body.has("dark"));
    }

    private static String nameOf(JsonNode body) {
        return JsonInput.nonBlank(body, "name", "", MAX_NAME).trim();
    }
}
