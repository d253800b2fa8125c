package io.dropline.gateway.apikey;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.config.GatewayProperties;
import io.dropline.gateway.organization.OrganizationChanges;
import io.dropline.gateway.web.ErrorResponses;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues, verifies and revokes API keys. Verification reads the key row through a short-lived cache (found and
 * not-found alike), so a key hammered by traffic costs one query per TTL, and a revoked key stops working within
 * {@code dropline.gateway.key-cache-ttl} on every replica. The cached rows carry the organization's status and rate
 * limits too; when the platform operator changes those or rotates the organization's keys, {@link OrganizationChanges}
 * makes every replica drop the organization's entries at once, the TTL remaining the bound if that announcement is lost.
 */
@Service
public class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    private static final String LOOKUP = """
            SELECT k.id, k.organization_id, k.type, k.environment, k.salt, k.secret_hash, k.revoked_at,
                   o.status, o.rate_limits::text AS rate_limits
            FROM api_keys k JOIN organizations o ON o.id = k.organization_id
            WHERE k.id = $1""";

    /** What the cache holds for one key id. */
    record StoredKey(UUID id, UUID organizationId, KeyType type, Environment environment, byte[] salt,
            byte[] secretHash, boolean revoked, boolean organizationActive, Map<String, Object> rateLimits) {
    }

    private final DatabaseClient db;
    private final R2dbcEntityTemplate template;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final AsyncCache<UUID, Optional<StoredKey>> keys;
    private final Cache<UUID, Boolean> recentlyUsed;
    private final OrganizationChanges organizationChanges;

    public ApiKeyService(DatabaseClient db, R2dbcEntityTemplate template, TransactionalOperator transactions,
            JsonMapper json, GatewayProperties properties, OrganizationChanges organizationChanges) {
        this.db = db;
        this.template = template;
        this.transactions = transactions;
        this.json = json;
        // Jackson builds a type's reader on first use under a lock; the first look-ups of a burst, on the database
        // driver's event loops, would park on it (as IssuedTokenFilter's did). Built here.
        json.readValue("{}", JSON_OBJECT);
        this.organizationChanges = organizationChanges;
        this.keys = Caffeine.newBuilder().expireAfterWrite(properties.keyCacheTtl()).maximumSize(100_000).buildAsync();
        this.recentlyUsed = Caffeine.newBuilder().expireAfterWrite(properties.lastUsedInterval()).maximumSize(100_000).build();
        organizationChanges.asFlux().subscribe(this::forgetOrganization,
                failed -> log.error("Stopped following organization changes; cached keys now expire by TTL only", failed));
    }

    /**
     * Drops every cached key of the organization (and every look-up still in flight, which may have read the state
     * before the change), so the next request reads status, limits and revocations from PostgreSQL again.
     */
    public void forgetOrganization(UUID organizationId) {
        keys.asMap().entrySet().removeIf(entry -> staleFor(entry.getValue(), organizationId));
    }

    private static boolean staleFor(CompletableFuture<Optional<StoredKey>> entry, UUID organizationId) {
        if (!entry.isDone() || entry.isCompletedExceptionally()) {
            return true;
        }
        return entry.getNow(Optional.empty()).map(stored -> stored.organizationId().equals(organizationId)).orElse(false);
    }

    /**
     * The key behind a presented plaintext, or 401 "Invalid API key" when it is malformed, unknown, revoked, of
     * another organization state, or its secret does not match. 503 when the database cannot be asked.
     */
    public Mono<AuthenticatedKey> authenticate(String plaintext) {
        Optional<ApiKeyFormat.PresentedKey> presented = ApiKeyFormat.parse(plaintext);
        if (presented.isEmpty()) {
            return Mono.error(invalidKey());
        }
        ApiKeyFormat.PresentedKey key = presented.get();
        return Mono.fromFuture(() -> keys.get(key.id(), (id, executor) -> load(id).toFuture()))
                .onErrorMap(failure -> !(failure instanceof ApiException), ApiKeyService::storeUnavailable)
                .flatMap(stored -> verify(key, stored))
                .doOnNext(this::recordUse);
    }

    /**
     * The key with this id, when it is still valid (not revoked, organization active), through the same cache as
     * {@link #authenticate}: for credentials minted for a key (stream tokens), which carry its id, not its secret.
     */
    public Mono<AuthenticatedKey> byId(UUID id) {
        return Mono.fromFuture(() -> keys.get(id, (key, executor) -> load(key).toFuture()))
                .onErrorMap(failure -> !(failure instanceof ApiException), ApiKeyService::storeUnavailable)
                .flatMap(found -> found.filter(stored -> !stored.revoked() && stored.organizationActive())
                        .map(stored -> Mono.just(new AuthenticatedKey(stored.id(), stored.organizationId(), stored.type(),
                                stored.environment(), stored.rateLimits())))
                        .orElseGet(() -> Mono.error(invalidKey())));
    }

    private Mono<Optional<StoredKey>> load(UUID id) {
        return db.sql(LOOKUP).bind(0, id).map(this::toStoredKey).one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private StoredKey toStoredKey(Readable row) {
        return new StoredKey(row.get("id", UUID.class), row.get("organization_id", UUID.class),
                KeyType.fromWire(row.get("type", String.class)),
                Environment.valueOf(row.get("environment", String.class).toUpperCase(Locale.ROOT)),
                row.get("salt", byte[].class), row.get("secret_hash", byte[].class),
                row.get("revoked_at", Instant.class) != null,
                !"INACTIVE".equals(row.get("status", String.class)),
                json.readValue(row.get("rate_limits", String.class), JSON_OBJECT));
    }

    private static Mono<AuthenticatedKey> verify(ApiKeyFormat.PresentedKey key, Optional<StoredKey> found) {
        boolean valid = found.isPresent()
                && !found.get().revoked()
                && found.get().organizationActive()
                && found.get().type() == key.type()
                && found.get().environment() == key.environment()
                && ApiKeyFormat.matches(found.get().salt(), found.get().secretHash(), key.secret());
        if (!valid) {
            return Mono.error(invalidKey());
        }
        StoredKey stored = found.get();
        return Mono.just(new AuthenticatedKey(stored.id(), stored.organizationId(), stored.type(),
                stored.environment(), stored.rateLimits()));
    }

    /**
     * Writes {@code last_used_at} at most once per interval per key. It runs detached from the request on purpose:
     * a slow or failed bookkeeping write must never delay or fail the call it describes.
     */
    private void recordUse(AuthenticatedKey key) {
        if (recentlyUsed.asMap().putIfAbsent(key.keyId(), Boolean.TRUE) != null) {
            return;
        }
        db.sql("UPDATE api_keys SET last_used_at = now() WHERE id = $1").bind(0, key.keyId()).then()
                .subscribe(null, failed -> log.warn("Could not record the use of API key {}: {}",
                        key.publicKeyId(), failed.getMessage()));
    }

    /** Creates the live and test key pairs of a new organization (four keys); call inside a transaction. */
    public Flux<IssuedKey> issueInitialKeys(UUID organizationId) {
        return Flux.fromIterable(List.of(Environment.LIVE, Environment.TEST))
                .concatMap(environment -> Flux.just(KeyType.SECRET, KeyType.PUBLISHABLE)
                        .concatMap(type -> issue(organizationId, type, environment)));
    }

    /**
     * A new secret key in the caller's environment, shown once; every other active secret key of that organization
     * and environment (normally the caller's) is revoked in the same transaction. This replica forgets the revoked
     * keys at once, the others when the commit is announced ({@link OrganizationChanges}), within the cache TTL if
     * that announcement is lost.
     */
    public Mono<IssuedKey> rotateSecretKey(AuthenticatedKey caller) {
        return issue(caller.organizationId(), KeyType.SECRET, caller.environment())
                .flatMap(issued -> revokeSecretKeysExcept(caller.organizationId(), caller.environment(), issued.id())
                        .collectList()
                        .doOnNext(revoked -> keys.synchronous().invalidateAll(revoked))
                        .thenReturn(issued))
                .as(transactions::transactional)
                .flatMap(issued -> organizationChanges.changed(caller.organizationId()).thenReturn(issued))
                .doOnNext(issued -> log.info("Rotated the {} secret key of organization {}: new key {}",
                        caller.environment().wire(), Ids.format("org", caller.organizationId()), issued.publicId()));
    }

    /**
     * A new live and test key pair for the organization (the platform operator's rotation), shown once; every key it
     * had before, secret and publishable, is revoked in the same transaction. The caller announces the change
     * ({@link OrganizationChanges}) once this has committed, which drops the revoked keys from every replica's cache.
     */
    public Mono<List<IssuedKey>> rotateAllKeys(UUID organizationId) {
        return revokeAllKeys(organizationId)
                .thenMany(issueInitialKeys(organizationId))
                .collectList()
                .as(transactions::transactional)
                .doOnNext(issued -> log.info("Rotated every key of organization {}: {} new keys, the old ones revoked",
                        Ids.format("org", organizationId), issued.size()));
    }

    private Mono<Long> revokeAllKeys(UUID organizationId) {
        return db.sql("UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND revoked_at IS NULL")
                .bind(0, organizationId)
                .fetch().rowsUpdated();
    }

    private Flux<UUID> revokeSecretKeysExcept(UUID organizationId, Environment environment, UUID keep) {
        return db.sql("""
                        UPDATE api_keys SET revoked_at = now()
                        WHERE organization_id = $1 AND environment = $2 AND type = 'secret' AND revoked_at IS NULL
                          AND id <> $3
                        RETURNING id""")
                .bind(0, organizationId).bind(1, environment.wire()).bind(2, keep)
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    private Mono<IssuedKey> issue(UUID organizationId, KeyType type, Environment environment) {
        return Mono.fromCallable(() -> newKey(organizationId, type, environment))
                // SecureRandom may read /dev/urandom (a file read): kept off the event loops.
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(key -> template.insert(key.entity()).thenReturn(key.issued()));
    }

    private record NewKey(ApiKeyEntity entity, IssuedKey issued) {
    }

    private static NewKey newKey(UUID organizationId, KeyType type, Environment environment) {
        UUID id = Ids.newUuid();
        String secret = ApiKeyFormat.newSecret();
        byte[] salt = ApiKeyFormat.newSalt();
        // Microseconds: what PostgreSQL keeps, so the response and the row agree.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ApiKeyEntity entity = new ApiKeyEntity(id, organizationId, type.wire(), environment.wire(), salt,
                ApiKeyFormat.hash(salt, secret), secret.substring(secret.length() - 4), now, null, null);
        return new NewKey(entity, new IssuedKey(id, type, environment, ApiKeyFormat.plaintext(type, environment, id, secret), now));
    }

    static ApiException invalidKey() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Invalid API key", null);
    }

    /**
     * A dependency outage like any other: 503 with the same {@code Retry-After} the shared error mapping gives. Not
     * logged here: the error handler logs it with its cause, once per cause (OutageLog), not once per request.
     */
    private static ApiException storeUnavailable(Throwable failure) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE")
                .retryAfter(ErrorResponses.DEPENDENCY_RETRY_AFTER_SECONDS)
                .causedBy(failure);
    }
}
