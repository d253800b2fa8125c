package io.dropline.experiences.spotlight.userstate;

import io.dropline.contracts.redis.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * End-user state in Redis: one hash per (organization, environment, user key) with a TTL renewed on every write,
 * read with one HGETALL per eligibility request. Writes go through {@code spotlight/fold.lua}, which applies an
 * event at most once per event id (at-least-once delivery from the bus).
 */
@Component
public class UserStateStore {

    private final RedisReactiveCommands<String, String> redis;
    private final String namespace;
    private final Duration stateTtl;
    private final Duration eventGuardTtl;
    private final LuaScript fold;

    UserStateStore(@Qualifier("spotlightRedis") StatefulRedisConnection<String, String> connection,
            @Value("${dropline.redis.namespace:dl}") String namespace,
            @Value("${dropline.experiences.spotlight.user-state-ttl:180d}") Duration stateTtl,
            @Value("${dropline.experiences.spotlight.event-guard-ttl:8d}") Duration eventGuardTtl) {
        this.redis = connection.reactive();
        this.namespace = namespace;
        this.stateTtl = stateTtl;
        this.eventGuardTtl = eventGuardTtl;
        this.fold = LuaScript.load("spotlight/fold.lua");
    }

    /** The hash's key; the braces make the user's keys one hash slot, so the fold script may touch them together. */
    String stateKey(UUID organizationId, String environment, String userKey) {
        return namespace + ":spot:{" + organizationId + ":" + environment + ":" + userKey + "}:state";
    }

    private String guardKey(UUID organizationId, String environment, String userKey, String eventId) {
        return namespace + ":spot:{" + organizationId + ":" + environment + ":" + userKey + "}:evt:" + eventId;
    }

    public Mono<UserState> load(UUID organizationId, String environment, String userKey) {
        return redis.hgetall(stateKey(organizationId, environment, userKey))
                .collectMap(entry -> entry.getKey(), entry -> entry.getValue())
                .map(UserState::new);
    }

    /** Applies {@code writes} (triples of op, field, value) once for {@code eventId}; true when applied, false for a repeat. */
    public Mono<Boolean> apply(UUID organizationId, String environment, String userKey, String eventId, List<String> writes) {
        String[] keys = {stateKey(organizationId, environment, userKey), guardKey(organizationId, environment, userKey, eventId)};
        String[] args = new String[2 + writes.size()];
        args[0] = Long.toString(eventGuardTtl.toSeconds());
        args[1] = Long.toString(stateTtl.toSeconds());
        for (int i = 0; i < writes.size(); i++) {
            args[2 + i] = writes.get(i);
        }
        return fold.<Long>run(redis, ScriptOutputType.INTEGER, keys, args)
                .next()
                .map(applied -> applied == 1L);
    }
}
