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
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The tenant record: reading and partially updating one's own organization, and creating one at bootstrap. */
@Service
public class OrganizationService {

    private static final UUID FIRST = new UUID(0, 0);
    private static final UUID LAST = new UUID(-1, -1);
    private static final String USERS_CURSOR = "organization_users:id";

    private final OrganizationRepository organizations;
    private final OrganizationUserRepository users;
    private final R2dbcEntityTemplate template;
    private final CursorCodec cursors;

    public OrganizationService(OrganizationRepository organizations, OrganizationUserRepository users,
            R2dbcEntityTemplate template, CursorCodec cursors) {
        this.organizations = organizations;
        this.users = users;
        this.template = template;
        this.cursors = cursors;
    }

    Mono<OrganizationResponse> current(UUID organizationId) {
        return find(organizationId).map(OrganizationResponse::from);
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
                null, "FREE", "ACTIVE", Json.of("{}"), now, now);
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
