package io.dropline.gateway.adminuser;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.AdminActivity;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.gateway.config.SpotlightProperties;
import io.dropline.gateway.spotlight.AdminActor;
import io.dropline.gateway.spotlight.ControlCharacters;
import io.dropline.gateway.spotlight.SpotlightConfig;
import io.dropline.gateway.spotlight.SpotlightConfigService;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's Spotlight admin users (per organization and environment), which the {@code table_lookup} strategy
 * consults on every admin request. Writes of one tenant are serialized on its config row, carry their
 * AdminActivity event in the same transaction, and refuse (409) to leave a {@code table_lookup} tenant without an
 * active admin user when made through the Spotlight Admin API, where only an owner may make an owner (403).
 */
@Service
public class AdminUserService {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    private static final String ENTITY_TYPE = "admin_user";
    private static final String COLUMNS = "user_id, email, name, role, status, created_at, updated_at";

    /** One table_lookup question: is the user with this claim value an active admin of the tenant? */
    private record Lookup(UUID organizationId, Environment environment, String claim, String value) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final JsonMapper json;
    private final SpotlightConfigService configs;
    private final RequestBodies bodies;
    /** The role of the active admin user a look-up names, or empty when there is none (misses are cached too). */
    private final AsyncCache<Lookup, Optional<String>> activeAdmins;

    AdminUserService(DatabaseClient db, TransactionalOperator transactions, Outbox outbox, JsonMapper json,
            SpotlightConfigService configs, SpotlightProperties properties, RequestBodies bodies) {
        this.db = db;
        this.bodies = bodies;
        this.transactions = transactions;
        this.outbox = outbox;
        this.json = json;
        this.configs = configs;
        this.activeAdmins = Caffeine.newBuilder().expireAfterWrite(properties.configCacheTtl()).maximumSize(100_000).buildAsync();
    }

    /**
     * The role of the active admin user the JWT's {@code sub} ({@code claim = "sub"}) or e-mail ({@code "email"},
     * case-insensitive) names, or empty when it names none. Cached as briefly as the config, so a disabled user is
     * refused (and a role change applies) within that bound.
     */
    public Mono<String> activeAdminRole(UUID organizationId, Environment environment, String claim, String value) {
        if (value == null || value.isEmpty() || value.length() > 255 || ControlCharacters.in(value)) {
            return Mono.empty();
        }
        Lookup lookup = new Lookup(organizationId, environment, claim, "email".equals(claim) ? value.toLowerCase(Locale.ROOT) : value);
        // suppressCancel: the future is shared by concurrent requests; one cancelled request must not cancel it for all.
        return Mono.fromFuture(() -> activeAdmins.get(lookup, (key, executor) -> lookUp(key).toFuture()), true)
                .flatMap(Mono::justOrEmpty);
    }

    private Mono<Optional<String>> lookUp(Lookup lookup) {
        String match = "email".equals(lookup.claim()) ? "lower(email) = $3" : "user_id = $3";
        return db.sql("SELECT role FROM spotlight_admin_users "
                        + "WHERE organization_id = $1 AND environment = $2 AND status = 'active' AND " + match)
                .bind(0, lookup.organizationId()).bind(1, lookup.environment().wire()).bind(2, lookup.value())
                .map(row -> row.get("role", String.class))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    Mono<SpotlightEnvelopes.Items<AdminUserResponse>> list(UUID organizationId, Environment environment, Integer limit, Long offset) {
        int pageSize = limit == null ? 20 : limit;
        long skip = offset == null ? 0 : offset;
        if (pageSize < 1 || pageSize > 100) {
            return Mono.error(ApiException.validation("limit", "Must be 1 to 100"));
        }
        if (skip < 0) {
            return Mono.error(ApiException.validation("offset", "Must be 0 or more"));
        }
        Mono<List<AdminUserResponse>> items = db.sql("SELECT " + COLUMNS + " FROM spotlight_admin_users "
                        + "WHERE organization_id = $1 AND environment = $2 ORDER BY created_at, user_id LIMIT $3 OFFSET $4")
                .bind(0, organizationId).bind(1, environment.wire()).bind(2, pageSize).bind(3, skip)
                .map(AdminUserService::toResponse)
                .all()
                .collectList();
        Mono<Long> total = db.sql("SELECT count(*) AS n FROM spotlight_admin_users WHERE organization_id = $1 AND environment = $2")
                .bind(0, organizationId).bind(1, environment.wire())
                .map(row -> row.get("n", Long.class))
                .one();
        return Mono.zip(items, total).map(page -> new SpotlightEnvelopes.Items<>(page.getT1(), page.getT2(), pageSize, skip));
    }

    Mono<AdminUserResponse> get(UUID organizationId, Environment environment, String userId) {
        return find(organizationId, environment, userId, false).switchIfEmpty(Mono.error(AdminUserService::notFound));
    }

    Mono<AdminUserResponse> create(AdminActor actor, JsonNode body) {
        return Mono.fromCallable(() -> withDefaultRole(bodies.read(body, CreateAdminUserRequest.class)))
                .flatMap(checked -> mayGrant(actor, checked.role(), null).thenReturn(checked))
                .flatMap(checked -> configs.lockTenant(actor).then(insert(actor, checked)))
                .flatMap(created -> audit(actor, "AdminUserAddedByAdmin", created.userId(), null, created).thenReturn(created))
                .as(transactions::transactional)
                .onErrorMap(DataIntegrityViolationException.class, AdminUserService::emailTaken)
                .doOnSuccess(created -> activeAdmins.synchronous().invalidateAll());
    }

    Mono<AdminUserResponse> update(AdminActor actor, String userId, JsonNode body) {
        return Mono.fromCallable(() -> bodies.read(body, UpdateAdminUserRequest.class))
                .flatMap(checked -> configs.lockTenant(actor)
                        .flatMap(config -> existing(actor, userId)
                                .flatMap(before -> mayGrant(actor, checked.role(), before.role())
                                        .then(guardLockOut(actor, config, before, deactivates(config, before, checked)))
                                        .then(save(actor, before, checked))
                                        .flatMap(after -> audit(actor, "AdminUserUpdatedByAdmin", userId, before, after)
                                                .thenReturn(after)))))
                .as(transactions::transactional)
                .onErrorMap(DataIntegrityViolationException.class, AdminUserService::emailTaken)
                .doOnSuccess(updated -> activeAdmins.synchronous().invalidateAll());
    }

    Mono<Void> delete(AdminActor actor, String userId) {
        return configs.lockTenant(actor)
                .flatMap(config -> existing(actor, userId)
                        .flatMap(before -> guardLockOut(actor, config, before, true)
                                .then(remove(actor, userId))
                                .then(audit(actor, "AdminUserRemovedByAdmin", userId, before, null))))
                .as(transactions::transactional)
                .doOnSuccess(done -> activeAdmins.synchronous().invalidateAll());
    }

    /**
     * Only an owner may make someone an owner (create one, or promote a user); through the Spotlight Admin API any
     * other role gets 403. The secret key's bootstrap path may (that is how a tenant gets its first owner).
     */
    private static Mono<Void> mayGrant(AdminActor actor, String role, String previousRole) {
        if (!"owner".equals(role) || "owner".equals(previousRole) || !actor.isSpotlightAdmin() || actor.isOwner()) {
            return Mono.empty();
        }
        return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "Only an owner may make a user an owner", "FORBIDDEN"));
    }

    /**
     * Whether the update takes the user out of what table_lookup matches: disabling, or (under match_claim=email)
     * changing the e-mail to another address, after which the user's tokens no longer name this row.
     */
    private static boolean deactivates(SpotlightConfig config, AdminUserResponse before, UpdateAdminUserRequest change) {
        if ("disabled".equals(change.status())) {
            return true;
        }
        return "email".equals(config.adminStrategy().lookupClaim()) && change.email() != null
                && !change.email().equalsIgnoreCase(before.email());
    }

    private Mono<AdminUserResponse> existing(AdminActor actor, String userId) {
        return find(actor.organizationId(), actor.environment(), userId, true).switchIfEmpty(Mono.error(AdminUserService::notFound));
    }

    private Mono<AdminUserResponse> find(UUID organizationId, Environment environment, String userId, boolean forUpdate) {
        // No such user can exist (create refuses these), and a NUL would make PostgreSQL fail the query: 404.
        if (userId == null || userId.isEmpty() || userId.length() > 255 || ControlCharacters.in(userId)) {
            return Mono.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM spotlight_admin_users "
                        + "WHERE organization_id = $1 AND environment = $2 AND user_id = $3" + (forUpdate ? " FOR UPDATE" : ""))
                .bind(0, organizationId).bind(1, environment.wire()).bind(2, userId)
                .map(AdminUserService::toResponse)
                .one();
    }

    /**
     * Under table_lookup, the last active admin user cannot be disabled, removed or (under match_claim=email) given
     * another e-mail through the Spotlight Admin API: the tenant would lock itself out. (The merchant's secret key can
     * still do it on the bootstrap path.)
     */
    private Mono<Void> guardLockOut(AdminActor actor, SpotlightConfig config, AdminUserResponse target, boolean deactivates) {
        if (!deactivates || !actor.isSpotlightAdmin() || !config.adminStrategy().isTableLookup() || !"active".equals(target.status())) {
            return Mono.empty();
        }
        return db.sql("SELECT count(*) AS n FROM spotlight_admin_users "
                        + "WHERE organization_id = $1 AND environment = $2 AND status = 'active' AND user_id <> $3")
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire()).bind(2, target.userId())
                .map(row -> row.get("n", Long.class))
                .one()
                .flatMap(others -> others > 0 ? Mono.<Void>empty() : Mono.error(ApiException.conflict(
                        "Cannot remove, disable or re-address the last active admin user while the admin strategy is table_lookup",
                        "LAST_ADMIN")));
    }

    private Mono<AdminUserResponse> insert(AdminActor actor, CreateAdminUserRequest request) {
        return db.sql("INSERT INTO spotlight_admin_users (organization_id, environment, user_id, email, name, role, status) "
                        + "VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6, 'active') ON CONFLICT (organization_id, environment, user_id) DO NOTHING "
                        + "RETURNING " + COLUMNS)
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire()).bind(2, request.userId())
                .bind(3, request.email()).bind(4, nullable(request.name())).bind(5, request.role())
                .map(AdminUserService::toResponse)
                .one()
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("An admin user with this user_id already exists", "CONFLICT")));
    }

    private Mono<AdminUserResponse> save(AdminActor actor, AdminUserResponse before, UpdateAdminUserRequest change) {
        return db.sql("UPDATE spotlight_admin_users SET email = $4, name = NULLIF($5, ''), role = $6, status = $7, updated_at = now() "
                        + "WHERE organization_id = $1 AND environment = $2 AND user_id = $3 RETURNING " + COLUMNS)
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire()).bind(2, before.userId())
                .bind(3, change.email() != null ? change.email() : before.email())
                .bind(4, nullable(change.name() != null ? change.name() : before.name()))
                .bind(5, change.role() != null ? change.role() : before.role())
                .bind(6, change.status() != null ? change.status() : before.status())
                .map(AdminUserService::toResponse)
                .one();
    }

    private Mono<Void> remove(AdminActor actor, String userId) {
        return db.sql("DELETE FROM spotlight_admin_users WHERE organization_id = $1 AND environment = $2 AND user_id = $3")
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire()).bind(2, userId)
                .then();
    }

    private Mono<Void> audit(AdminActor actor, String action, String userId, AdminUserResponse before, AdminUserResponse after) {
        return Mono.defer(() -> outbox.append(AdminActivity.event(actor.context(), action, ENTITY_TYPE, userId,
                before == null ? null : json.convertValue(before, JSON_OBJECT),
                after == null ? null : json.convertValue(after, JSON_OBJECT), Instant.now())));
    }

    private static CreateAdminUserRequest withDefaultRole(CreateAdminUserRequest request) {
        return new CreateAdminUserRequest(request.userId(), request.email(), request.name(), request.roleOrDefault());
    }

    /** Names are never blank (validated), so '' stands for "no name" and NULLIF turns it into SQL null. */
    private static String nullable(String value) {
        return value == null ? "" : value;
    }

    private static AdminUserResponse toResponse(Readable row) {
        return new AdminUserResponse(row.get("user_id", String.class), row.get("email", String.class),
                row.get("name", String.class), row.get("role", String.class), row.get("status", String.class),
                row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
    }

    private static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "Admin user not found", null);
    }

    private static Throwable emailTaken(DataIntegrityViolationException duplicate) {
        return ApiException.conflict("An admin user with this email already exists", "CONFLICT");
    }
}
