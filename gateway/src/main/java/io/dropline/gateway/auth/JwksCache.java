package io.dropline.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one cache policy of the gateway's JWKS caches ({@link AdminJwks}: tenants' identity providers;
 * {@link ConsumerJwks}: consumer-service's access-token keys). A key set is fetched on first use and kept for the
 * TTL; a token naming an unknown {@code kid} refetches it, at most once per refetch interval per throttle key, so
 * made-up kids cannot turn the gateway into a request cannon; concurrent callers share one fetch (Caffeine
 * coalesces loads). Where the two caches used to differ, the policy is the safer of the two:
 * <ul>
 *   <li><b>The refetch interval counts from the last unknown-kid refetch</b>, not from the last fetch of any kind.
 *       The bound on outbound fetches is the same (one kid-triggered fetch per interval on top of the TTL refreshes),
 *       but a key rotated in just after a scheduled fetch is learned at once instead of every token signed with it
 *       being rejected for up to an interval.</li>
 *   <li><b>The last good keys are kept for at most {@link #LAST_GOOD} after the last successful fetch</b>, not until
 *       replaced. A failed fetch keeps them in use (retried after the refetch interval), so an outage of the JWKS
 *       host is not an outage of sign-in; but a key its owner removed (rotated out, perhaps because it leaked) does
 *       not stay trusted forever because its JWKS host became unreachable: after an hour we fail closed.</li>
 *   <li><b>A failure with no keys to fall back on is remembered for the refetch interval</b>, not retried by the
 *       next token. Each caller still gets a fresh error (401 or 503, as the cache's owner decides), but a broken
 *       or down JWKS host costs one outbound fetch per interval, not one per request, each waiting out its timeout
 *       while the host is least able to take it.</li>
 * </ul>
 *
 * @param <K> the key type the owner keeps (a verified JWK of its own rules)
 */
final class JwksCache<K> {

    /** How long the last good keys of a set stay usable after its last successful fetch while refetches fail. */
    static final Duration LAST_GOOD = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(JwksCache.class);

    /**
     * Where one key set comes from.
     *
     * @param set         the cache key of the set (a tenant and its URL, or a constant for a single set)
     * @param throttle    what the refetch interval is counted per (a tenant, or the set itself)
     * @param description names the set in the log line of a failed fetch (never a secret)
     * @param fetch       one fetch: the usable keys by kid, or an error
     */
    record Source<K>(String set, String throttle, String description, Supplier<Mono<Map<String, K>>> fetch) {
    }

    /** Keys of one fetch; {@code stale} when they are the last good ones after a failed fetch. */
    private record Snapshot<K>(Map<String, K> keys, boolean stale) {
    }

    private final AsyncCache<String, Snapshot<K>> sets;
    private final Cache<String, Map<String, K>> lastGood;
    private final Cache<String, Boolean> recentRefetches;
    private final Cache<String, Supplier<? extends Throwable>> recentFailures;
    private final Function<Throwable, Supplier<? extends Throwable>> unverifiable;

    /**
     * @param ttl             how long fetched keys are used before they are fetched again
     * @param refetchInterval at most one unknown-kid refetch per throttle key this often; also how long stale keys
     *                        are used before the next try, and how long a failure with no keys is remembered
     * @param unverifiable    from a failed fetch with no keys to fall back on, what each caller gets (a new error
     *                        per caller: errors carry per-request state and are not shared)
     */
    JwksCache(Duration ttl, Duration refetchInterval, Function<Throwable, Supplier<? extends Throwable>> unverifiable) {
        this.unverifiable = unverifiable;
        this.sets = Caffeine.newBuilder()
                .expireAfter(new Expiry<String, Snapshot<K>>() {
                    @Override
                    public long expireAfterCreate(String set, Snapshot<K> snapshot, long now) {
                        return (snapshot.stale() ? refetchInterval : ttl).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String set, Snapshot<K> snapshot, long now, long left) {
                        return expireAfterCreate(set, snapshot, now);
                    }

                    @Override
                    public long expireAfterRead(String set, Snapshot<K> snapshot, long now, long left) {
                        return left;
                    }
                })
                .maximumSize(10_000)
                .buildAsync();
        this.lastGood = Caffeine.newBuilder().expireAfterWrite(LAST_GOOD).maximumSize(10_000).build();
        this.recentRefetches = Caffeine.newBuilder().expireAfterWrite(refetchInterval).maximumSize(100_000).build();
        this.recentFailures = Caffeine.newBuilder().expireAfterWrite(refetchInterval).maximumSize(100_000).build();
    }

    /** The key with this kid, or empty when the set does not have it (after one refetch, unless throttled). */
    Mono<K> key(Source<K> source, String kid) {
        return keys(source).flatMap(found -> {
            K key = found.get(kid);
            if (key != null) {
                return Mono.just(key);
            }
            if (recentRefetches.asMap().putIfAbsent(source.throttle(), Boolean.TRUE) != null) {
                return Mono.empty();
            }
            sets.synchronous().invalidate(source.set());
            return keys(source).mapNotNull(refetched -> refetched.get(kid));
        });
    }

    private Mono<Map<String, K>> keys(Source<K> source) {
        return Mono.defer(() -> {
            // A failure within the last refetch interval is answered again without going out (failed futures are
            // not cached by Caffeine, so without this every request would fetch).
            Supplier<? extends Throwable> failed = recentFailures.getIfPresent(source.set());
            if (failed != null) {
                return Mono.error(failed.get());
            }
            // suppressCancel: the future is shared by every concurrent caller; one client going away must not cancel
            // the fetch the others are waiting for.
            return Mono.fromFuture(() -> sets.get(source.set(), (ignored, executor) -> fetch(source).toFuture()), true)
                    .map(Snapshot::keys);
        });
    }

    private Mono<Snapshot<K>> fetch(Source<K> source) {
        return Mono.defer(source.fetch())
                .doOnNext(fetched -> lastGood.put(source.set(), fetched))
                .map(fetched -> new Snapshot<>(fetched, false))
                .onErrorResume(failed -> fallBack(source, failed));
    }

    private Mono<Snapshot<K>> fallBack(Source<K> source, Throwable failed) {
        Map<String, K> previous = lastGood.getIfPresent(source.set());
        log.warn("Could not fetch {} ({}); {}", source.description(), failed.toString(),
                previous == null ? "its tokens cannot be verified" : "keeping the last good keys");
        if (previous != null) {
            return Mono.just(new Snapshot<>(previous, true));
        }
        Supplier<? extends Throwable> failure = unverifiable.apply(failed);
        recentFailures.put(source.set(), failure);
        return Mono.error(failure.get());
    }
}
