package io.dropline.faults;

import io.dropline.contracts.testsupport.FaultProxy;
import io.dropline.contracts.testsupport.RedisServerProcess;
import io.dropline.contracts.testsupport.ServiceProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real mesh as OS processes: the gateway, consumer-service and two experiences-service replicas (behind one
 * round-robin address, so killing one leaves the other serving), on the suite's own Redis and PostgreSQL. Every
 * instance reaches Redis and PostgreSQL through proxies of its own, so a fault can hit one link or all of them.
 * audience-service is not started: no sequence in the workload has an audience, so experiences never asks it.
 */
final class Mesh implements AutoCloseable {

    static final Duration START_LIMIT = Duration.ofSeconds(180);
    static final List<String> INSTANCES = List.of("gateway", "consumer", "experiences-a", "experiences-b");
    /** Five JVMs on a laptop or a 2-core runner: small heaps, quick starts. */
    static final List<String> JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:MaxDirectMemorySize=128m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k");

    private final Path workDir;
    private final OwnPostgres postgres;
    private final Map<String, FaultProxy> redisLinks = new LinkedHashMap<>();
    private final Map<String, FaultProxy> postgresLinks = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> instances = new LinkedHashMap<>();
    /** On a failed or interrupted run, the shutdown hook of {@link ChildProcesses} kills what {@link #close} did not. */
    private final Runnable exitCleanup = this::killProcesses;
    private volatile RedisServerProcess redis;
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final String internalSecret = "faults-" + UUID.randomUUID() + UUID.randomUUID();
    private FaultProxy experiencesBalancer;
    private Tenant tenant;

    record Tenant(String organizationId, String secretKey, String publishableKey) {
    }

    private Mesh(Path workDir) {
        this.workDir = workDir;
        this.postgres = OwnPostgres.create();
        ChildProcesses.onExit(exitCleanup);
    }

    /** Why the suite cannot run here, or null. */
    static String missingPrerequisites() {
        String redis = Binaries.onPath("redis-server") ? null
                : "redis-server is not on the PATH; the fault suite starts its own Redis (apt-get install redis-server)";
        String pg = OwnPostgres.missing();
        if (redis == null && pg == null) {
            return null;
        }
        return String.join("; ", java.util.stream.Stream.of(redis, pg).filter(java.util.Objects::nonNull).toList());
    }

    static Mesh start(Path workDir) {
        try {
            // Each run's logs only (a restarted instance appends to its own).
            Files.createDirectories(workDir.resolve("logs"));
            try (var old = Files.list(workDir.resolve("logs"))) {
                for (Path log : old.toList()) {
                    Files.deleteIfExists(log);
                }
            }
        } catch (IOException failed) {
            throw new IllegalStateException("Could not create " + workDir, failed);
        }
        Mesh mesh = new Mesh(workDir);
        try {
            mesh.boot();
            return mesh;
        } catch (RuntimeException failed) {
            mesh.close();
            throw failed;
        }
    }

    private void boot() {
        // Fail on a missing jar before starting anything.
        List.of("gateway", "consumer-service", "experiences-service").forEach(ServiceProcess::jar);
        // The suite's own redis-server, never the shared one: no persistence, so a kill -9 and a start lose every key.
        redis = RedisServerProcess.start(workDir);
        postgres.start();
        List.of("dropline_gateway", "dropline_consumer", "dropline_experiences").forEach(postgres::createDatabase);
        INSTANCES.forEach(name -> {
            redisLinks.put(name, track(FaultProxy.to(name + "->redis", "127.0.0.1", redis.port())));
            postgresLinks.put(name, track(FaultProxy.to(name + "->postgres", "127.0.0.1", postgres.port())));
        });
        int expA = ServiceProcess.freePort();
        int expB = ServiceProcess.freePort();
        int consumerPort = ServiceProcess.freePort();
        int gatewayPort = ServiceProcess.freePort();
        int gatewayManagement = ServiceProcess.freePort();
        int nobody = ServiceProcess.freePort(); // audience, commerce, analytics: not started, refused connections
        InetAddress local = InetAddress.getLoopbackAddress();
        // The two experiences replicas behind one address, as a Kubernetes Service would put them.
        experiencesBalancer = track(FaultProxy.roundRobin("experiences-balancer",
                List.of(new InetSocketAddress(local, expA), new InetSocketAddress(local, expB))));
        String experiencesUrl = "http://127.0.0.1:" + experiencesBalancer.port();
        String nobodyUrl = "http://127.0.0.1:" + nobody;

        ServiceProcess consumer = instance("consumer", "consumer-service", consumerPort, consumerPort, "dropline_consumer",
                List.of("--dropline.consumer.experiences.base-url=" + experiencesUrl));
        ServiceProcess experiencesA = instance("experiences-a", "experiences-service", expA, expA, "dropline_experiences",
                List.of("--dropline.experiences.audience.base-url=" + nobodyUrl));
        ServiceProcess experiencesB = instance("experiences-b", "experiences-service", expB, expB, "dropline_experiences",
                List.of("--dropline.experiences.audience.base-url=" + nobodyUrl));
        List<String> gatewayArgs = new ArrayList<>(List.of(
                "--management.server.port=" + gatewayManagement,
                "--dropline.gateway.services.consumer=http://127.0.0.1:" + consumerPort,
                "--dropline.gateway.services.experiences=" + experiencesUrl,
                "--dropline.gateway.services.audience=" + nobodyUrl,
                "--dropline.gateway.services.commerce=" + nobodyUrl,
                "--dropline.gateway.services.analytics=" + nobodyUrl,
                // Every guest session comes from 127.0.0.1: the per-address auth limit (100/min) would throttle the workload.
                "--dropline.gateway.rate-limit.categories.auth.per-minute=1000000"));
        ServiceProcess gateway = instance("gateway", "gateway", gatewayPort, gatewayManagement, "dropline_gateway", gatewayArgs);

        // The bootstrap CLI migrates the gateway's database and creates the tenant while the services start.
        Process bootstrap = bootstrapProcess();
        consumer.launch();
        experiencesA.launch();
        awaitBootstrap(bootstrap);
        experiencesA.awaitReady(START_LIMIT);
        // The second replica starts after the first migrated the database, so the two never race on Flyway.
        experiencesB.launch();
        gateway.launch();
        consumer.awaitReady(START_LIMIT);
        gateway.awaitReady(START_LIMIT);
        experiencesB.awaitReady(START_LIMIT);
    }

    private FaultProxy track(FaultProxy proxy) {
        proxies.add(proxy);
        return proxy;
    }

    private ServiceProcess instance(String name, String module, int port, int readinessPort, String database,
            List<String> extra) {
        List<String> args = new ArrayList<>(connectionArgs(name, database));
        args.add("--server.port=" + port);
        args.addAll(extra);
        ServiceProcess instance = ServiceProcess.prepare(new ServiceProcess.Spec(name, module, port, readinessPort, JVM, args,
                workDir.resolve("logs").resolve(name + ".log")));
        instances.put(name, instance);
        return instance;
    }

    private List<String> connectionArgs(String name, String database) {
        int pg = postgresLinks.get(name).port();
        int rd = redisLinks.get(name).port();
        return List.of(
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + pg + "/" + database,
                "--spring.r2dbc.username=postgres",
                "--spring.r2dbc.password=",
                "--spring.flyway.url=jdbc:postgresql://127.0.0.1:" + pg + "/" + database,
                "--spring.flyway.user=postgres",
                "--spring.flyway.password=",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + rd,
                // One namespace, as in a deployment: consumer-service publishes revocations where the gateway looks.
                "--dropline.redis.namespace=dl",
                "--dropline.web.internal-secret=" + internalSecret);
    }

    private Process bootstrapProcess() {
        Path output = workDir.resolve("tenant.json");
        try {
            Files.deleteIfExists(output);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM);
            command.add("-jar");
            command.add(ServiceProcess.jar("gateway").toString());
            command.addAll(connectionArgs("gateway", "dropline_gateway"));
            command.add("--server.port=0");
            command.add("--management.server.port=0");
            command.add("--dropline.bootstrap.organization-name=Fault Suite");
            command.add("--dropline.bootstrap.slug=faults-" + UUID.randomUUID().toString().substring(0, 8));
            command.add("--dropline.bootstrap.output=" + output);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("logs/bootstrap.log").toFile()).start();
            ChildProcesses.track(process);
            return process;
        } catch (IOException failed) {
            throw new IllegalStateException("Could not run the gateway's bootstrap CLI", failed);
        }
    }

    private void awaitBootstrap(Process process) {
        Path output = workDir.resolve("tenant.json");
        try {
            if (!process.waitFor(START_LIMIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.exists(output)) {
                process.destroyForcibly();
                throw new IllegalStateException("The bootstrap CLI failed; see " + workDir.resolve("logs/bootstrap.log"));
            }
            JsonNode result = JsonMapper.builder().build().readTree(Files.readString(output));
            tenant = new Tenant(result.get("organizationId").stringValue(), result.get("liveSecretKey").stringValue(),
                    result.get("livePublishableKey").stringValue());
        } catch (IOException failed) {
            throw new IllegalStateException("Could not read the bootstrap result", failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during bootstrap", interrupted);
        }
    }

    Tenant tenant() {
        return tenant;
    }

    String gatewayUrl() {
        return instances.get("gateway").baseUrl();
    }

    ServiceProcess instance(String name) {
        return instances.get(name);
    }

    FaultProxy redisLink(String instance) {
        return redisLinks.get(instance);
    }

    FaultProxy postgresLink(String instance) {
        return postgresLinks.get(instance);
    }

    RedisServerProcess redis() {
        return redis;
    }

    OwnPostgres postgres() {
        return postgres;
    }

    Path workDir() {
        return workDir;
    }

    void restoreAllLinks() {
        proxies.forEach(FaultProxy::restore);
    }

    /** Kill -9 and start again every instance that is dead or, when {@code all}, every one (repair after a failed recovery). */
    void restartInstances(boolean all) {
        List<ServiceProcess> restarted = new ArrayList<>();
        for (String name : INSTANCES) {
            ServiceProcess instance = instances.get(name);
            if (all || !instance.isAlive()) {
                instance.kill();
                instance.launch();
                restarted.add(instance);
            }
        }
        restarted.forEach(instance -> instance.awaitReady(START_LIMIT));
    }

    @Override
    public void close() {
        instances.values().forEach(ServiceProcess::close);
        proxies.forEach(FaultProxy::close);
        if (redis != null) {
            redis.close();
        }
        postgres.close();
        ChildProcesses.forget(exitCleanup);
    }

    private void killProcesses() {
        instances.values().forEach(ServiceProcess::kill);
        if (redis != null) {
            redis.stop();
        }
    }
}
