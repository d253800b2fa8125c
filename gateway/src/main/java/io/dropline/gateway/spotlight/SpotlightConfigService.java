package io.dropline.gateway.spotlight;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.AdminActivity;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.config.SpotlightProperties;
import io.dropline.gateway.origins.AllowedOrigins;
import io.dropline.gateway.spotlight.ConfigDocument.AdminStrategy;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's Spotlight config: read on every Spotlight request (through a per-tenant cache of at most
 * {@code dropline.spotlight.config-cache-ttl}, so a kill-switch flip reaches every replica within that bound), and
 * written by the config endpoints, each write with its AdminActivity event in the same transaction.
 */
@Service
public class SpotlightConfigService {

    private static final Logger log = LoggerFactory.getLogger(SpotlightConfigService.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    static final String ENTITY_TYPE = "config";

    private record Tenant(UUID organizationId, Environment environment) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Outbox outbox;
    private final JsonMapper json;
    private final boolean allowPrivateHosts;
    private final AsyncCache<Tenant, SpotlightConfig> cache;
    private final AllowedOrigins origins;

    SpotlightConfigService(DatabaseClient db, TransactionalOperator transactions, Outbox outbox, JsonMapper json,
            SpotlightProperties properties, AllowedOrigins origins) {
        this.db = db;
        this.origins = origins;
        this.transactions = transactions;
        this.outbox = outbox;
        this.json = json;
        this.allowPrivateHosts = properties.jwks().allowPrivateHosts();
        this.cache = Caffeine.newBuilder().expireAfterWrite(properties.configCacheTtl()).maximumSize(100_000).buildAsync();
    }

    /** The tenant's config as the edge uses it; defaults (table_lookup, no JWKS, kill switch off) when never set. */
    public Mono<SpotlightConfig> current(UUID organizationId, Environment environment) {
        Tenant tenant = new Tenant(organizationId, environment);
        // suppressCancel: concurrent requests of a tenant share this future; one client hanging up must not cancel the
        // load for the others still waiting on it.
        return Mono.fromFuture(() -> cache.get(tenant, (key, executor) -> load(key).toFuture()), true)
                // The origins come from their own store (same cache bound), shared with the Consumer API's CORS.
                .zipWith(origins.current(organizationId, environment),
                        (config, allowed) -> config.withAllowedOrigins(allowed.origins()));
    }

    Mono<ConfigResponse> get(UUID organizationId, Environment environment) {
        return current(organizationId, environment).map(ConfigResponse::from);
    }

    Mono<ConfigResponse> update(AdminActor actor, ConfigDocument changes) {
        return Mono.fromCallable(() -> ConfigRules.normalize(changes, allowPrivateHosts))
                .flatMap(normalized -> lockedForUpdate(actor)
                        .zipWith(origins.lock(actor.organizationId(), actor.environment()),
                                (config, allowed) -> config.withAllowedOrigins(allowed.origins()))
                        .flatMap(before -> {
                            ConfigDocument after = ConfigRules.merge(before.document(), normalized);
                            return guardLockOut(actor, before, normalized, after)
                                    .then(saveDocument(actor, before, after, normalized.allowedOrigins() != null));
                        }))
                .as(transactions::transactional)
                .doOnSuccess(saved -> forget(actor))
                .map(ConfigResponse::from);
    }

    Mono<ConfigResponse.BreakerResponse> breaker(UUID organizationId, Environment environment) {
        return current(organizationId, environment).map(ConfigResponse.BreakerResponse::from);
    }

    Mono<ConfigResponse.BreakerResponse> toggle(AdminActor actor, CircuitBreakerRequest request) {
        return Mono.fromCallable(() -> checked(request))
                .flatMap(checked -> lockedForUpdate(actor).flatMap(before -> saveBreaker(actor, before, checked)))
                .as(transactions::transactional)
                .doOnSuccess(saved -> {
                    forget(actor);
                    log.info("Spotlight kill switch of organization {} ({}): {} enabled={}",
                            Ids.format("org", actor.organizationId()), actor.environment().wire(), request.feature(), request.enabled());
                })
                .map(ConfigResponse.BreakerResponse::from);
    }

    /**
     * Through the Spotlight Admin API, a strategy change to table_lookup (or to another match claim) with no active
     * admin user is refused (409): no admin token could pass afterwards and the tenant would lock itself out. Every
     * user has an e-mail, so "no active user" is the test for both match claims. Runs under the config row's lock,
     * which admin-user writes take too, so the count cannot change underneath. The secret key's bootstrap path may.
     */
    private Mono<Void> guardLockOut(AdminActor actor, SpotlightConfig before, ConfigDocument change, ConfigDocument after) {
        AdminStrategy next = after.adminStrategy() == null ? AdminStrategy.DEFAULT : after.adminStrategy();
        AdminStrategy previous = before.adminStrategy();
        boolean newLookup = next.isTableLookup()
                && (!previous.isTableLookup() || !previous.lookupClaim().equals(next.lookupClaim()));
        if (!actor.isSpotlightAdmin() || change.adminStrategy() == null || !newLookup) {
            return Mono.empty();
        }
        return db.sql("SELECT count(*) AS n FROM spotlight_admin_users "
                        + "WHERE organization_id = $1 AND environment = $2 AND status = 'active'")
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire())
                .map(row -> row.get("n", Long.class))
                .one()
                .flatMap(active -> active > 0 ? Mono.<Void>empty() : Mono.error(ApiException.conflict(
                        "Cannot switch to table_lookup (match_claim " + next.lookupClaim()
                                + ") while no active admin user exists: add one first", "LAST_ADMIN")));
    }

    private static CircuitBreakerRequest checked(CircuitBreakerRequest request) {
        if (!SpotlightConfig.TOURS.equals(request.feature()) && !SpotlightConfig.CONTENT.equals(request.feature())) {
            throw ApiException.validation("feature", "Must be tours or content");
        }
        if (request.enabled() == null) {
            throw ApiException.validation("enabled", "Required: true or false");
        }
        return request;
    }

    /** This replica forgets at once; the others within the cache TTL. */
    private void forget(AdminActor actor) {
        cache.synchronous().invalidate(new Tenant(actor.organizationId(), actor.environment()));
        origins.forget(actor.organizationId(), actor.environment());
    }

    private Mono<SpotlightConfig> load(Tenant tenant) {
        return db.sql("""
                        SELECT document::text AS document, tours_enabled, content_enabled, updated_at
                        FROM spotlight_config WHERE organization_id = $1 AND environment = $2""")
                .bind(0, tenant.organizationId()).bind(1, tenant.environment().wire())
                .map(this::toConfig)
                .one()
                .defaultIfEmpty(SpotlightConfig.unconfigured());
    }

    /**
     * For writes that depend on the strategy (admin users and the lock-out guard): the tenant's config row, locked
     * until the caller's transaction ends, so writes of one tenant's admin users are serialized. Call inside a
     * transaction.
     */
    public Mono<SpotlightConfig> lockTenant(AdminActor actor) {
        return lockedForUpdate(actor);
    }

    /** The row, created with the defaults when missing, locked until the transaction ends (no lost updates). */
    private Mono<SpotlightConfig> lockedForUpdate(AdminActor actor) {
        return db.sql("INSERT INTO spotlight_config (organization_id, environment) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire())
                .then()
                .then(db.sql("""
                                SELECT document::text AS document, tours_enabled, content_enabled, updated_at
                                FROM spotlight_config WHERE organization_id = $1 AND environment = $2 FOR UPDATE""")
                        .bind(0, actor.organizationId()).bind(1, actor.environment().wire())
                        .map(this::toConfig)
                        .one());
    }

    /**
     * Writes the document without its origins; when the change carried {@code allowed_origins}, they replace the
     * tenant's list in the shared store (same transaction).
     */
    private Mono<SpotlightConfig> saveDocument(AdminActor actor, SpotlightConfig before, ConfigDocument document,
            boolean originsChanged) {
        List<String> allowed = document.allowedOrigins() == null ? List.of() : document.allowedOrigins();
        Mono<List<String>> savedOrigins = originsChanged
                ? origins.save(actor.organizationId(), actor.environment(), allowed).map(AllowedOrigins.Stored::origins)
                : Mono.just(before.allowedOrigins());
        return db.sql("""
                        UPDATE spotlight_config SET document = $3, updated_at = now()
                        WHERE organization_id = $1 AND environment = $2
                        RETURNING document::text AS document, tours_enabled, content_enabled, updated_at""")
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire())
                .bind(2, Json.of(json.writeValueAsString(withoutOrigins(document))))
                .map(this::toConfig)
                .one()
                .zipWith(savedOrigins, SpotlightConfig::withAllowedOrigins)
                .flatMap(after -> audit(actor, "config.update", ConfigResponse.from(before), ConfigResponse.from(after))
                        .thenReturn(after));
    }

    private static ConfigDocument withoutOrigins(ConfigDocument document) {
        return new ConfigDocument(document.adminStrategy(), document.jwks(), null, document.featureFlags());
    }

    private Mono<SpotlightConfig> saveBreaker(AdminActor actor, SpotlightConfig before, CircuitBreakerRequest request) {
        String column = SpotlightConfig.TOURS.equals(request.feature()) ? "tours_enabled" : "content_enabled";
        return db.sql("UPDATE spotlight_config SET " + column + " = $3, updated_at = now() "
                        + "WHERE organization_id = $1 AND environment = $2 "
                        + "RETURNING document::text AS document, tours_enabled, content_enabled, updated_at")
                .bind(0, actor.organizationId()).bind(1, actor.environment().wire()).bind(2, request.enabled())
                .map(this::toConfig)
                .one()
                .flatMap(after -> audit(actor, "CircuitBreakerToggledByAdmin",
                        ConfigResponse.BreakerResponse.from(before), ConfigResponse.BreakerResponse.from(after))
                        .thenReturn(after));
    }

    /** Entity id: the organization's public id, so one tenant's config history reads as one entity. */
    private Mono<Void> audit(AdminActor actor, String action, Object before, Object after) {
        return Mono.defer(() -> outbox.append(AdminActivity.event(actor.context(), action, ENTITY_TYPE,
                Ids.format("org", actor.organizationId()), representation(before), representation(after), Instant.now())));
    }

    /** Before/after are recorded exactly as the API shows them. */
    private Map<String, Object> representation(Object view) {
        return view == null ? null : json.convertValue(view, JSON_OBJECT);
    }

    private SpotlightConfig toConfig(Readable row) {
        ConfigDocument document = json.readValue(row.get("document", String.class), ConfigDocument.class);
        return SpotlightConfig.of(document, Boolean.TRUE.equals(row.get("tours_enabled", Boolean.class)),
                Boolean.TRUE.equals(row.get("content_enabled", Boolean.class)), row.get("updated_at", Instant.class));
    }
}
