package io.dropline.faults;

import io.dropline.contracts.testsupport.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One fault of a schedule: what breaks, where, for how long. {@link #inject} breaks it, {@link #heal} ends it (for a
 * killed instance: started again and ready; for PostgreSQL and Redis: accepting connections again).
 */
record Fault(Type type, String target, String dependency, long parameter, long holdMillis) {

    enum Type {
        /** kill -9 of one instance, started again after the hold. */
        KILL_RESTART,
        /** kill -9 of Redis, started again empty (no persistence: every key is lost). */
        REDIS_RESTART,
        /** Redis stops answering for one instance or all (half-open connections through the proxy). */
        REDIS_HANG,
        /** PostgreSQL stops answering for one instance (half-open connections). */
        POSTGRES_HANG,
        /** Every chunk between one instance and a dependency is delayed. */
        LINK_LATENCY,
        /** A share of the connections between one instance and a dependency are reset. */
        LINK_DROP,
        /** The link between one instance and a dependency is cut: resets and refused connections. */
        LINK_CUT,
        /** PostgreSQL stops (immediate = crash, or fast) and starts again. */
        POSTGRES_RESTART
    }

    static final String ALL = "all";

    /** 2–4 faults drawn from the seed alone, so a seed replays the same schedule. */
    static List<Fault> schedule(long seed) {
        Random random = new Random(seed);
        int count = 2 + random.nextInt(3);
        List<Fault> faults = new ArrayList<>();
        Type[] types = Type.values();
        for (int i = 0; i < count; i++) {
            Type type = types[random.nextInt(types.length)];
            long hold = 3000 + random.nextInt(4) * 1000L;
            String instance = Mesh.INSTANCES.get(random.nextInt(Mesh.INSTANCES.size()));
            String dependency = random.nextBoolean() ? "redis" : "postgres";
            faults.add(switch (type) {
                case KILL_RESTART -> new Fault(type, instance, null, 0, hold);
                case REDIS_RESTART -> new Fault(type, ALL, "redis", 0, hold);
                case REDIS_HANG -> new Fault(type, random.nextInt(3) == 0 ? ALL : instance, "redis", 0, hold);
                case POSTGRES_HANG -> new Fault(type, instance, "postgres", 0, hold);
                case LINK_LATENCY -> new Fault(type, instance, dependency, 200 + random.nextInt(10) * 100L, hold);
                case LINK_DROP -> new Fault(type, instance, dependency, 20 + random.nextInt(4) * 10L, hold);
                case LINK_CUT -> new Fault(type, instance, dependency, 0, hold);
                case POSTGRES_RESTART -> new Fault(type, ALL, "postgres", random.nextBoolean() ? 1 : 0, hold);
            });
        }
        return faults;
    }

    String describe() {
        String what = switch (type) {
            case KILL_RESTART -> "kill -9 " + target + ", restart";
            case REDIS_RESTART -> "Redis kill -9, start empty";
            case REDIS_HANG -> "Redis hang for " + target;
            case POSTGRES_HANG -> "PostgreSQL hang for " + target;
            case LINK_LATENCY -> target + "->" + dependency + " latency " + parameter + " ms";
            case LINK_DROP -> target + "->" + dependency + " drops " + parameter + "%";
            case LINK_CUT -> target + "->" + dependency + " cut";
            case POSTGRES_RESTART -> "PostgreSQL stop -m " + postgresStopMode() + ", start";
        };
        return what + " (" + holdMillis / 1000 + " s)";
    }

    private String postgresStopMode() {
        return parameter == 1 ? "immediate" : "fast";
    }

    Duration hold() {
        return Duration.ofMillis(holdMillis);
    }

    void inject(Mesh mesh) {
        switch (type) {
            case KILL_RESTART -> mesh.instance(target).kill();
            case REDIS_RESTART -> mesh.redis().stop();
            case REDIS_HANG -> links(mesh, "redis").forEach(FaultProxy::hang);
            case POSTGRES_HANG -> links(mesh, "postgres").forEach(FaultProxy::hang);
            case LINK_LATENCY -> links(mesh, dependency).forEach(link -> link.latency(Duration.ofMillis(parameter)));
            case LINK_DROP -> links(mesh, dependency).forEach(link -> link.drop(parameter / 100.0));
            case LINK_CUT -> links(mesh, dependency).forEach(FaultProxy::cut);
            case POSTGRES_RESTART -> mesh.postgres().stop(postgresStopMode());
        }
    }

    void heal(Mesh mesh) {
        switch (type) {
            case KILL_RESTART -> mesh.instance(target).restart(Mesh.START_LIMIT);
            case REDIS_RESTART -> mesh.redis().restart();
            case REDIS_HANG, POSTGRES_HANG, LINK_LATENCY, LINK_DROP, LINK_CUT -> links(mesh, dependency).forEach(FaultProxy::restore);
            case POSTGRES_RESTART -> mesh.postgres().start();
        }
    }

    private List<FaultProxy> links(Mesh mesh, String dep) {
        List<String> instances = ALL.equals(target) ? Mesh.INSTANCES : List.of(target);
        return instances.stream().map(i -> "redis".equals(dep) ? mesh.redisLink(i) : mesh.postgresLink(i)).toList();
    }
}
