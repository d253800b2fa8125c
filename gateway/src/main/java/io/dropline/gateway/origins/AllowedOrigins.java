package io.dropline.gateway.origins;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.context.Environment;
import io.dropline.gateway.config.SpotlightProperties;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The one store of an organization's allowed browser origins, a list per environment ({@code allowed_origins}
 * table). The Consumer API's CORS and the Spotlight SDK's origin check read it through {@link #current}, a
 * per-tenant cache of {@code dropline.spotlight.config-cache-ttl} (the Spotlight config's bound, ≤ 2 s: an origin
 * removed stops being honoured on every replica within it; this replica forgets at once on write). Writes come from
 * the settings API ({@code /api/v1/settings/allowed-origins}) and from the Spotlight config's {@code allowed_origins}
 * field, which is a view of this list.
 */
@Service
public class AllowedOrigins {

    /** A tenant's list as stored; {@code updatedAt} null when it was never written. */
    public record Stored(List<String> origins, Instant updatedAt) {

        static final Stored NONE = new Stored(List.of(), null);
    }

    private record Tenant(UUID organizationId, Environment environment) {
    }

    private final DatabaseClient db;
    private final AsyncCache<Tenant, Stored> cache;

    AllowedOrigins(DatabaseClient db, SpotlightProperties properties) {
        this.db = db;
        this.cache = Caffeine.newBuilder().expireAfterWrite(properties.configCacheTtl()).maximumSize(100_000).buildAsync();
    }

    /** The tenant's list as the edge uses it (cached, see the class comment). */
    public Mono<Stored> current(UUID organizationId, Environment environment) {
        Tenant tenant = new Tenant(organizationId, environment);
        // suppressCancel: concurrent requests share the load; one client hanging up must not cancel it for the rest.
        return Mono.fromFuture(() -> cache.get(tenant, (key, executor) -> read(key.organizationId(), key.environment())
                .toFuture()), true);
    }

    /** Whether a page at {@code origin} may read the tenant's Consumer-API answers: it must be on the list. */
    public Mono<Boolean> allows(UUID organizationId, Environment environment, String origin) {
        String normalized = Origins.normalize(origin);
        if (normalized == null) {
            return Mono.just(false);
        }
        return current(organizationId, environment).map(stored -> stored.origins().contains(normalized));
    }

    /** The stored list, uncached; inside a transaction after {@link #lock} it cannot change underneath. */
    public Mono<Stored> read(UUID organizationId, Environment environment) {
        return db.sql("SELECT origins, updated_at FROM allowed_origins WHERE organization_id = $1 AND environment = $2")
                .bind(0, organizationId).bind(1, environment.wire())
                .map(AllowedOrigins::toStored)
                .one()
                .defaultIfEmpty(Stored.NONE);
    }

    /** The tenant's row, created empty when missing and locked until the caller's transaction ends. */
    public Mono<Stored> lock(UUID organizationId, Environment environment) {
        return db.sql("INSERT INTO allowed_origins (organization_id, environment) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(0, organizationId).bind(1, environment.wire())
                .then()
                .then(db.sql("SELECT origins, updated_at FROM allowed_origins "
                                + "WHERE organization_id = $1 AND environment = $2 FOR UPDATE")
                        .bind(0, organizationId).bind(1, environment.wire())
                        .map(AllowedOrigins::toStored)
                        .one());
    }

    /** Replaces the list (already normalized with {@link Origins#normalizeAll}); call inside a transaction. */
    public Mono<Stored> save(UUID organizationId, Environment environment, List<String> origins) {
        return db.sql("""
                        INSERT INTO allowed_origins (organization_id, environment, origins, updated_at) VALUES ($1, $2, $3, now())
                        ON CONFLICT (organization_id, environment)
                        DO UPDATE SET origins = EXCLUDED.origins, updated_at = now()
                        RETURNING origins, updated_at""")
                .bind(0, organizationId).bind(1, environment.wire()).bind(2, origins.toArray(String[]::new))
                .map(AllowedOrigins::toStored)
                .one();
    }

    /** This replica forgets at once; the others within the cache TTL. */
    public void forget(UUID organizationId, Environment environment) {
        cache.synchronous().invalidate(new Tenant(organizationId, environment));
    }

    private static Stored toStored(Readable row) {
        String[] origins = row.get("origins", String[].class);
        return new Stored(origins == null ? List.of() : List.of(origins), row.get("updated_at", Instant.class));
    }
}
