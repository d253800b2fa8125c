package io.dropline.experiences.spotlight.eligibility;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropline.contracts.context.InternalContext;
import io.dropline.experiences.spotlight.SpotlightCatalogChanges;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The hot path's memory: each tenant's compiled {@link Catalog}, so an eligibility request never touches PostgreSQL.
 *
 * <p>Freshness, in three layers. (1) An admin write on this replica invalidates the tenant's entry as soon as it
 * commits. (2) Every admin write also INCRs a per-tenant generation counter in Redis; a reader compares its entry's
 * generation with Redis at most once per {@code revalidate-interval} (1 s) per tenant (one GET, shared by all
 * requests of that second) and reloads when it moved, so other replicas follow within about a second. A generation
 * counter beats a short TTL because unchanged tenants are never reloaded and a change is seen within the check
 * interval, not a whole TTL. (3) If Redis was unreachable when a write happened, the INCR is lost; entries also
 * expire after {@code max-age} (60 s), bounding staleness even then. While Redis is down readers keep serving the
 * cached entry rather than failing.
 */
@Component
class CatalogCache implements SpotlightCatalogChanges {

    private static final Logger log = LoggerFactory.getLogger(CatalogCache.class);
    private static final long UNKNOWN_GENERATION = -1;

    private record Key(UUID organizationId, String environment) {
    }

    /** A loaded catalog, the generation it was loaded at, and when that was last compared with Redis. */
    private record Entry(Catalog catalog, long generation, AtomicLong checkedAtNanos) {
    }

    private final AsyncCache<Key, Entry> cache;
    private final RedisReactiveCommands<String, String> redis;
    private final String namespace;
    private final long revalidateNanos;

    CatalogCache(@Qualifier("spotlightRedis") StatefulRedisConnection<String, String> connection,
            @Value("${dropline.redis.namespace:dl}") String namespace,
            @Value("${dropline.experiences.spotlight.catalog.revalidate-interval:1s}") Duration revalidate,
            @Value("${dropline.experiences.spotlight.catalog.max-age:60s}") Duration maxAge) {
        this.redis = connection.reactive();
        this.namespace = namespace;
        this.revalidateNanos = revalidate.toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(maxAge).buildAsync();
    }

    /** The tenant's catalog, loading it with {@code loader} when absent or outdated. */
    Mono<Catalog> get(InternalContext context, Function<InternalContext, Mono<Catalog>> loader) {
        Key key = new Key(context.organizationId(), context.environment().wire());
        return cached(key, context, loader).flatMap(entry -> revalidated(key, entry, context, loader));
    }

    private Mono<Entry> cached(Key key, InternalContext context, Function<InternalContext, Mono<Catalog>> loader) {
        // suppressCancel: the load is shared by every request waiting for this tenant; one client hanging up must not cancel it.
        return Mono.fromFuture(() -> cache.get(key, (k, executor) -> load(k, context, loader).toFuture()), true);
    }

    private Mono<Entry> load(Key key, InternalContext context, Function<InternalContext, Mono<Catalog>> loader) {
        // The generation is read before the data, so a write that lands in between shows up as a newer generation.
        return generation(key).flatMap(generation -> loader.apply(context)
                .map(catalog -> new Entry(catalog, generation, new AtomicLong(System.nanoTime()))));
    }

    private Mono<Catalog> revalidated(Key key, Entry entry, InternalContext context, Function<InternalContext, Mono<Catalog>> loader) {
        long now = System.nanoTime();
        long checked = entry.checkedAtNanos().get();
        if (now - checked < revalidateNanos || !entry.checkedAtNanos().compareAndSet(checked, now)) {
            return Mono.just(entry.catalog());
        }
        return generation(key).flatMap(current -> {
            if (current == entry.generation() || current == UNKNOWN_GENERATION) {
                return Mono.just(entry.catalog());
            }
            cache.synchronous().invalidate(key);
            return cached(key, context, loader).map(Entry::catalog);
        });
    }

    private Mono<Long> generation(Key key) {
        return redis.get(generationKey(key))
                .map(Long::parseLong)
                .defaultIfEmpty(0L)
                .onErrorResume(unavailable -> {
                    log.warn("Spotlight catalog generation unreadable for organization {}: {}", key.organizationId(), unavailable.toString());
                    return Mono.just(UNKNOWN_GENERATION);
                });
    }

    @Override
    public Mono<Void> changed(InternalContext context) {
        Key key = new Key(context.organizationId(), context.environment().wire());
        return redis.incr(generationKey(key))
                .onErrorResume(unavailable -> {
                    log.warn("Spotlight catalog generation not bumped for organization {}: {}", key.organizationId(), unavailable.toString());
                    return Mono.just(UNKNOWN_GENERATION);
                })
                .doOnNext(generation -> cache.synchronous().invalidate(key))
                .then();
    }

    private String generationKey(Key key) {
        return namespace + ":spot:catalog-generation:" + key.organizationId() + ":" + key.environment();
    }
}
