package io.dropline.experiences.access.line;

import io.dropline.contracts.redis.LuaScript;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Redis side of the queue engine: a rebuildable index of each queue's line, states and grants that
 * answers status reads without PostgreSQL. It only ever mirrors what {@link LineRecord} committed.
 */
@Component
class LineIndex {

    private static final LuaScript STATUS = LuaScript.load("line/status.lua");
    private static final LuaScript TICK = LuaScript.load("line/tick.lua");
    private static final LuaScript CLAIM = LuaScript.load("line/claim.lua");
    private static final LuaScript JOIN = LuaScript.load("line/join.lua");
    private static final int REBUILD_CHUNK = 1000;

    private final RedisReactiveCommands<String, String> redis;
    private final LineKeys keys;

    LineIndex(@Qualifier("lineRedis") StatefulRedisConnection<String, String> lineRedis,
            @Value("${dropline.redis.namespace:dl}") String namespace) {
        this.redis = lineRedis.reactive();
        this.keys = new LineKeys(namespace);
    }

    LineKeys keys() {
        return keys;
    }

    /** What the index says about one consumer (status.lua), decoded. */
    Mono<IndexState> status(UUID queue, UUID consumer) {
        return run(STATUS, new String[] {keys.meta(queue), keys.line(queue), keys.state(queue), keys.grants(queue)},
                        consumer.toString())
                .map(IndexState::decode);
    }

    /**
     * What one tick did: nothing because the index is missing, or moved these consumers to "granting"; {@code waiting}
     * is how many are left in the line after them, {@code capped} whether maxAdmissions is reached.
     */
    record Tick(boolean indexMissing, List<UUID> popped, long waiting, boolean capped) {
    }

    Mono<Tick> tick(UUID queue, int ratePerMinute, Integer maxAdmissions, boolean stopped, int maxPop) {
        return run(TICK, new String[] {keys.meta(queue), keys.line(queue), keys.granting(queue), keys.state(queue)},
                        Integer.toString(ratePerMinute), Integer.toString(maxAdmissions == null ? -1 : maxAdmissions),
                        stopped ? "1" : "0", Integer.toString(maxPop))
                .map(LineIndex::decodeTick);
    }

    private static Tick decodeTick(List<Object> reply) {
        if (((Long) reply.get(0)) < 0) {
            return new Tick(true, List.of(), 0, false);
        }
        List<UUID> popped = reply.subList(3, reply.size()).stream().map(member -> UUID.fromString((String) member)).toList();
        return new Tick(false, popped, (Long) reply.get(1), ((Long) reply.get(2)) == 1);
    }

    /** Entries in "granting" longer than {@code age}: their instance died before committing them. */
    Mono<List<UUID>> claimStaleGranting(UUID queue, Duration age, int max) {
        return claim(keys.granting(queue), age.toMillis(), max, 0);
    }

    /** Grants that expired; each is leased to this instance for {@code lease}. */
    Mono<List<UUID>> claimExpired(UUID queue, int max, Duration lease) {
        return claim(keys.expiry(queue), 0, max, lease.toMillis());
    }

    private Mono<List<UUID>> claim(String key, long ageMillis, int max, long leaseMillis) {
        return run(CLAIM, new String[] {key}, Long.toString(ageMillis), Integer.toString(max), Long.toString(leaseMillis))
                .map(reply -> reply.stream().map(member -> UUID.fromString((String) member)).toList());
    }

    /** A script's array reply (Lettuce emits a MULTI reply as one list). */
    private Mono<List<Object>> run(LuaScript script, String[] keys, String... args) {
        return script.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, args).next();
    }

    /**
     * What join.lua did with a committed batch: nothing because the index is missing (the caller rebuilds it from the
     * record), or mirrored it and placed each waiting consumer at this position (ZRANK + 1, as status.lua counts).
     */
    record Placed(boolean indexMissing, Map<UUID, IndexState.Queued> positions) {
    }

    /**
     * Mirrors a committed batch's waiting entries in one atomic script (line at the arrival number, state Q, out of
     * "granting", as {@link #addQueued}) and answers their positions from that same write. Never writes into a
     * missing index: a line without its meta key would look like a complete index to no one and hide a rebuild.
     */
    Mono<Placed> placeJoined(UUID queue, List<Entry> queued) {
        if (queued.isEmpty()) {
            return Mono.just(new Placed(false, Map.of()));
        }
        String[] args = new String[queued.size() * 2];
        for (int i = 0; i < queued.size(); i++) {
            args[2 * i] = queued.get(i).consumerId().toString();
            args[2 * i + 1] = Long.toString(queued.get(i).seq());
        }
        return run(JOIN, new String[] {keys.meta(queue), keys.line(queue), keys.state(queue), keys.granting(queue)}, args)
                .map(reply -> {
                    if (((Long) reply.get(0)) < 0) {
                        return new Placed(true, Map.of());
                    }
                    Map<UUID, IndexState.Queued> positions = new java.util.HashMap<>();
                    for (int i = 0; i < queued.size(); i++) {
                        long position = (Long) reply.get(i + 1);
                        if (position > 0) {
                            positions.put(queued.get(i).consumerId(), new IndexState.Queued(position));
                        }
                    }
                    return new Placed(false, positions);
                });
    }

    /** Newly committed or repaired waiting entries join the line at their arrival number. */
    Mono<Void> addQueued(UUID queue, Collection<Entry> queued) {
        if (queued.isEmpty()) {
            return Mono.empty();
        }
        List<ScoredValue<String>> scored = queued.stream().map(e -> ScoredValue.just(e.seq(), e.consumerId().toString())).toList();
        Map<String, String> states = queued.stream().collect(java.util.stream.Collectors.toMap(e -> e.consumerId().toString(), e -> "Q"));
        return Flux.concat(
                        redis.zadd(keys.line(queue), scored.toArray(ScoredValue[]::new)),
                        redis.hset(keys.state(queue), states),
                        redis.zrem(keys.granting(queue), ids(queued, Entry::consumerId)))
                .then();
    }

    /** Grants committed in PostgreSQL become visible: state G, the signed grant, and its expiry. */
    Mono<Void> addGranted(UUID queue, List<SignedGrant> grants) {
        if (grants.isEmpty()) {
            return Mono.empty();
        }
        Map<String, String> states = new java.util.HashMap<>();
        Map<String, String> values = new java.util.HashMap<>();
        List<ScoredValue<String>> expiries = new ArrayList<>();
        for (SignedGrant grant : grants) {
            String consumer = grant.entry().consumerId().toString();
            states.put(consumer, "G");
            long expiresAt = grant.entry().grantExpiresAt() == null ? 0 : ceilMillis(grant.entry().grantExpiresAt());
            values.put(consumer, grant.token() + "|" + expiresAt);
            if (expiresAt > 0) {
                expiries.add(ScoredValue.just(expiresAt, consumer));
            }
        }
        String[] consumers = states.keySet().toArray(String[]::new);
        return Flux.concat(
                        redis.hset(keys.grants(queue), values),
                        redis.hset(keys.state(queue), states),
                        expiries.isEmpty() ? Mono.empty() : redis.zadd(keys.expiry(queue), expiries.toArray(ScoredValue[]::new)),
                        redis.zrem(keys.line(queue), consumers),
                        redis.zrem(keys.granting(queue), consumers))
                .then();
    }

    /** Consumers who left, completed or were denied: out of every structure, with their final state. */
    Mono<Void> markFinal(UUID queue, Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return Mono.empty();
        }
        Map<String, String> states = entries.stream().collect(java.util.stream.Collectors.toMap(
                e -> e.consumerId().toString(), LineIndex::finalState));
        String[] consumers = states.keySet().toArray(String[]::new);
        return Flux.concat(
                        redis.hset(keys.state(queue), states),
                        redis.zrem(keys.line(queue), consumers),
                        redis.zrem(keys.granting(queue), consumers),
                        redis.zrem(keys.expiry(queue), consumers),
                        redis.hdel(keys.grants(queue), consumers))
                .then();
    }

    /**
     * Keeps the index's admitted total equal to the record's: down when a tick popped consumers the record would
     * not grant (they left meanwhile, or maxAdmissions was reached), up for a manual admission.
     */
    Mono<Void> adjustAdmittedCount(UUID queue, int delta) {
        return delta == 0 ? Mono.empty() : redis.hincrby(keys.meta(queue), "admitted", delta).then();
    }

    /** Expired grants handled (or found already changed by someone else): no longer due. */
    Mono<Void> removeExpiries(UUID queue, List<UUID> consumers) {
        return consumers.isEmpty() ? Mono.empty()
                : redis.zrem(keys.expiry(queue), consumers.stream().map(UUID::toString).toArray(String[]::new)).then();
    }

    Mono<Void> markActive(UUID queue) {
        return redis.sadd(keys.activeQueues(), queue.toString()).then();
    }

    Mono<Void> markInactive(UUID queue) {
        return redis.srem(keys.activeQueues(), queue.toString()).then();
    }

    Flux<UUID> activeQueues() {
        return redis.smembers(keys.activeQueues()).map(UUID::fromString);
    }

    Mono<Void> publishChange(UUID queue) {
        return redis.publish(keys.changes(), queue.toString()).then();
    }

    /** Announces that these consumers' states changed (LineSignals pushes them at once); nothing to say for none. */
    Mono<Void> publishConsumerChanges(UUID queue, Collection<UUID> consumers) {
        if (consumers.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder message = new StringBuilder(37 * (consumers.size() + 1)).append(queue);
        consumers.forEach(consumer -> message.append(' ').append(consumer));
        return redis.publish(keys.consumerChanges(), message.toString()).then();
    }

    Mono<Void> publishSettingsChange(UUID queue) {
        return redis.publish(keys.settingsChanges(), queue.toString()).then();
    }

    /** Whether nothing is left to do for a queue: nobody waiting, being admitted or holding a live grant. */
    Mono<Boolean> idle(UUID queue) {
        return Flux.concat(redis.zcard(keys.line(queue)), redis.zcard(keys.granting(queue)), redis.zcard(keys.expiry(queue)))
                .all(count -> count == 0);
    }

    /**
     * Rebuilds a queue's index from the record after Redis lost it (design/waiting-room.md): waiting entries
     * back into the line at their arrival numbers, live grants re-signed, final states, the admitted total.
     * One instance at a time (a short lock); the meta key is written last, so readers see a complete index.
     */
    Mono<Boolean> rebuild(UUID queue, Flux<Entry> entries, Mono<Integer> admittedTotal, Function<Entry, Mono<String>> resign,
            Duration lockTtl) {
        return redis.set(keys.rebuildLock(queue), "1", SetArgs.Builder.nx().px(lockTtl.toMillis()))
                .map("OK"::equals)
                .defaultIfEmpty(false)
                .flatMap(locked -> !locked ? Mono.just(false)
                        : entries.buffer(REBUILD_CHUNK)
                                .concatMap(chunk -> restoreChunk(queue, chunk, resign))
                                .then(admittedTotal)
                                .flatMap(total -> redis.hset(keys.meta(queue), Map.of("admitted", Integer.toString(total), "carry", "0")))
                                .then(redis.del(keys.rebuildLock(queue)))
                                .thenReturn(true));
    }

    Mono<Boolean> hasIndex(UUID queue) {
        return redis.exists(keys.meta(queue)).map(count -> count > 0);
    }

    private Mono<Void> restoreChunk(UUID queue, List<Entry> chunk, Function<Entry, Mono<String>> resign) {
        List<Entry> queued = chunk.stream().filter(e -> e.is(LineRecord.QUEUED)).toList();
        List<Entry> granted = chunk.stream().filter(e -> e.is(LineRecord.GRANTED)).toList();
        List<Entry> done = chunk.stream().filter(e -> !e.is(LineRecord.QUEUED) && !e.is(LineRecord.GRANTED)).toList();
        return addQueued(queue, queued)
                .then(Flux.fromIterable(granted).concatMap(e -> resign.apply(e).map(token -> new SignedGrant(e, token))).collectList()
                        .flatMap(signed -> addGranted(queue, signed)))
                .then(markFinal(queue, done));
    }

    /**
     * The record keeps microseconds; rounding the expiry up to the next millisecond keeps Redis from calling a grant
     * due before PostgreSQL agrees that it expired.
     */
    private static long ceilMillis(java.time.Instant instant) {
        long millis = instant.toEpochMilli();
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    private static String finalState(Entry entry) {
        return switch (entry.status()) {
            case LineRecord.LEFT -> "L";
            case LineRecord.COMPLETED -> "C";
            case LineRecord.DENIED -> "D:" + (entry.denyReason() == null ? "" : entry.denyReason());
            default -> throw new IllegalArgumentException("Not a final state: " + entry.status());
        };
    }

    private static String[] ids(Collection<Entry> entries, Function<Entry, UUID> id) {
        return entries.stream().map(id).map(UUID::toString).toArray(String[]::new);
    }
}
