package io.dropline.gateway.organization;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.page.PageRequest;
import io.dropline.contracts.page.Pages;
import io.r2dbc.postgresql.codec.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant record: reading and partially updating one's own organization, creating one (bootstrap, the platform
 * operator), and the platform operator's reads and changes of any organization (list, status, rate-limit overrides).
 */
@Service
public class OrganizationService {

    private static final UUID FIRST = new UUID(0, 0);
    private static final UUID LAST = new UUID(-1, -1);
    private static final String USERS_CURSOR = "organization_users:id";
    private static final String ORGANIZATIONS_CURSOR = "organizations:id";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    /** Statuses whose keys work; INACTIVE (suspended) refuses them all (ApiKeyService). */
    public static final String ACTIVE = "ACTIVE";
    public static final String INACTIVE = "INACTIVE";

    private final OrganizationRepository organizations;
    private final OrganizationUserRepository users;
    private final R2dbcEntityTemplate template;
    private final CursorCodec cursors;
    private final DatabaseClient db;
    private final JsonMapper json;

    public OrganizationService(OrganizationRepository organizations, OrganizationUserRepository users,
            R2dbcEntityTemplate template, CursorCodec cursors, DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
        this.organizations = organizations;
        this.users = users;
        this.template = template;
        this.cursors = cursors;
    }

    Mono<OrganizationResponse> current(UUID organizationId) {
        return find(organizationId).map(OrganizationResponse::from);
    }

    /** Any organization (the platform operator's view); 404 when there is none. */
    public Mono<OrganizationResponse> get(UUID organizationId) {
        return current(organizationId);
    }

    /**
     * The organization an operator names by its id ({@code org_…}) or its slug; 404 for neither (an id of the wrong
     * shape is looked up as a slug, and no slug has the {@code org_} shape's underscore).
     */
    public Mono<UUID> resolve(String idOrSlug) {
        Optional<UUID> id = Ids.parse("org", idOrSlug);
        Mono<OrganizationEntity> found = id.isPresent() ? organizations.findById(id.get()) : organizations.findBySlug(idOrSlug);
        return found.map(OrganizationEntity::id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Organization")));
    }

    /** Every organization, oldest first, a keyset page at a time (the platform operator's list). */
    public Mono<ListResponse<OrganizationResponse>> list(PageRequest page) {
        UUID cursor = page.cursor() == null ? (page.backward() ? LAST : FIRST)
                : UUID.fromString(cursors.decode(ORGANIZATIONS_CURSOR, page.cursor(), 1, page.cursorField()).get(0));
        var rows = page.backward() ? organizations.pageBackward(cursor, page.size() + 1)
                : organizations.pageForward(cursor, page.size() + 1);
        return rows.collectList().map(fetched -> Pages.assemble(fetched, page,
                organization -> cursors.encode(ORGANIZATIONS_CURSOR, List.of(organization.id().toString())),
                OrganizationResponse::from));
    }

    /**
     * Sets the organization's status ({@link #ACTIVE} or {@link #INACTIVE}); setting the status it already has is
     * not an error. The caller announces the change, so that cached keys follow it.
     */
    public Mono<OrganizationResponse> changeStatus(UUID organizationId, String status) {
        if (!ACTIVE.equals(status) && !INACTIVE.equals(status)) {
            return Mono.error(new IllegalArgumentException("status " + status));
        }
        return db.sql("UPDATE organizations SET status = $2, updated_at = now() WHERE id = $1")
                .bind(0, organizationId).bind(1, status)
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 0 ? Mono.error(ApiException.notFound("Organization")) : get(organizationId));
    }

    /** The organization's rate-limit overrides as stored: category → a per-minute number or {@code {perMinute, burst}}. */
    public Mono<Map<String, Object>> rateLimitOverrides(UUID organizationId) {
        return find(organizationId).map(organization -> json.readValue(organization.rateLimits().asString(), JSON_OBJECT));
    }

    /**
     * Sets the overrides in {@code set} and removes those named in {@code reset} (back to the default), in one
     * statement, so two operators changing different categories at once both keep their change. Returns the overrides
     * as they now are. The values must have been validated by the caller.
     */
    public Mono<Map<String, Object>> changeRateLimitOverrides(UUID organizationId, Map<String, Object> set, Set<String> reset) {
        return db.sql("""
                        UPDATE organizations SET rate_limits = (rate_limits - $2::text[]) || $3::jsonb, updated_at = now()
                        WHERE id = $1
                        RETURNING rate_limits::text AS rate_limits""")
                .bind(0, organizationId)
                .bind(1, reset.toArray(String[]::new))
                .bind(2, Json.of(json.writeValueAsString(set)))
                .map(row -> row.get("rate_limits", String.class))
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Organization")))
                .map(stored -> json.readValue(stored, JSON_OBJECT));
    }

    Mono<OrganizationResponse> update(UUID organizationId, UpdateOrganizationRequest request) {
        List<FieldError> errors = validate(request);
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.validation(errors));
        }
        return find(organizationId)
                .flatMap(current -> ensureSlugFree(request.slug(), organizationId).thenReturn(current))
                .map(current -> merge(current, request))
                .flatMap(template::update)
                .onErrorMap(DuplicateKeyException.class, duplicate -> slugTaken())
                .map(OrganizationResponse::from);
    }

    private Mono<OrganizationEntity> find(UUID organizationId) {
        return organizations.findById(organizationId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Organization")));
    }

    /**
     * Creates an ACTIVE organization with the given name and slug (bootstrap). Refuses a taken slug rather than
     * creating a second tenant under it; the unique index settles a race between two bootstraps.
     */
    public Mono<UUID> create(String name, String slug) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null) {
            errors.add(new FieldError("name", "Required"));
        }
        if (slug == null) {
            errors.add(new FieldError("slug", "Required"));
        }
        OrganizationRules.name(name, errors);
        OrganizationRules.slug(slug, errors);
        if (!errors.isEmpty()) {
            return Mono.error(ApiException.validation(errors));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OrganizationEntity entity = new OrganizationEntity(Ids.newUuid(), name, slug, "UTC", "USD", null, null, null,
                null, "FREE", ACTIVE, Json.of("{}"), now, now);
        return organizations.existsBySlug(slug)
                .flatMap(taken -> taken ? Mono.error(slugTaken()) : template.insert(entity))
                .onErrorMap(DuplicateKeyException.class, duplicate -> slugTaken())
                .map(OrganizationEntity::id);
    }

    Mono<ListResponse<OrganizationUserResponse>> users(UUID organizationId, PageRequest page) {
        UUID cursor = page.cursor() == null ? (page.backward() ? LAST : FIRST) : decodeUserCursor(page);
        var rows = page.backward()
                ? users.pageBackward(organizationId, cursor, page.size() + 1)
                : users.pageForward(organizationId, cursor, page.size() + 1);
        return rows.collectList().map(fetched -> Pages.assemble(fetched, page,
                user -> cursors.encode(USERS_CURSOR, List.of(user.id().toString())), OrganizationUserResponse::from));
    }

    private UUID decodeUserCursor(PageRequest page) {
        return UUID.fromString(cursors.decode(USERS_CURSOR, page.cursor(), 1, page.cursorField()).get(0));
    }

    private Mono<Void> ensureSlugFree(String slug, UUID organizationId) {
        if (slug == null) {
            return Mono.empty();
        }
        return organizations.slugTakenByOther(slug, organizationId)
                .flatMap(taken -> taken ? Mono.error(slugTaken()) : Mono.empty());
    }

    private static List<FieldError> validate(UpdateOrganizationRequest request) {
        List<FieldError> errors = new ArrayList<>();
        OrganizationRules.name(request.name(), errors);
        OrganizationRules.slug(request.slug(), errors);
        OrganizationRules.timeZone(request.timeZone(), errors);
        OrganizationRules.currencyCode(request.currencyCode(), errors);
        OrganizationRules.countryCode(request.countryCode(), errors);
        OrganizationRules.languageCode(request.languageCode(), errors);
        OrganizationRules.httpsUrl("logoUrl", request.logoUrl(), errors);
        OrganizationRules.httpsUrl("faviconUrl", request.faviconUrl(), errors);
        return errors;
    }

    private static OrganizationEntity merge(OrganizationEntity current, UpdateOrganizationRequest request) {
        return new OrganizationEntity(current.id(),
                request.name() != null ? request.name() : current.name(),
                request.slug() != null ? request.slug() : current.slug(),
                request.timeZone() != null ? request.timeZone() : current.timeZone(),
                request.currencyCode() != null ? request.currencyCode() : current.currencyCode(),
                optional(request.countryCode(), current.countryCode()),
                optional(request.languageCode(), current.languageCode()),
                optional(request.logoUrl(), current.logoUrl()),
                optional(request.faviconUrl(), current.faviconUrl()),
                current.plan(), current.status(), current.rateLimits(), current.createdAt(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Absent keeps the stored value; an empty string clears it. */
    private static String optional(String requested, String current) {
        if (requested == null) {
            return current;
        }
        return requested.isEmpty() ? null : requested;
    }

    private static ApiException slugTaken() {
        return new ApiException(HttpStatus.BAD_REQUEST, "Slug already taken", "SLUG_TAKEN",
                List.of(new FieldError("slug", "Slug already taken")));
    }

}
