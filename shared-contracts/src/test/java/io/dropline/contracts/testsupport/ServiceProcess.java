package io.dropline.contracts.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Dropline service running as its own operating-system process from its packaged jar, on a port fixed for its
 * life (a kill and a restart bring it back where its clients look): the real thing end-to-end tests put behind the
 * gateway, and can kill. {@link #start(String, String)} runs it on the test infrastructure with a fresh database and
 * Redis namespace; {@link #prepare(Spec)} runs it exactly as a harness of its own says (the fault suite's mesh:
 * its own PostgreSQL and Redis endpoints, ports and arguments).
 * The jar must have been packaged first ({@code ./mvnw verify} builds the services before the gateway); the process
 * runs it extracted, with the class data sharing archive {@link ClassDataSharing} makes once per jar, or the jar as
 * it is when no archive could be made.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The JVM options of {@link #start(String, String)}: small heap, quick start. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Duration READY_LIMIT = Duration.ofSeconds(120);

    /**
     * How to run one service process.
     *
     * @param name          for logs and messages (the module's name unless several instances run)
     * @param module        the Maven module whose jar runs, e.g. {@code consumer-service}
     * @param port          its {@code server.port}; {@link #baseUrl()} points there (pass the argument yourself)
     * @param readinessPort where {@code /actuator/health/readiness} answers (a separate management port, or {@code port})
     * @param jvmOptions    before {@code -jar}
     * @param arguments     after the jar: the application's {@code --key=value} properties
     * @param log           stdout and stderr of every start, appended, each after a {@code ===== start N =====} line
     */
    public record Spec(String name, String module, int port, int readinessPort, List<String> jvmOptions,
            List<String> arguments, Path log) {

        public Spec {
            jvmOptions = List.copyOf(jvmOptions);
            arguments = List.copyOf(arguments);
        }
    }

    private final Spec spec;
    private final List<String> command;
    private Process process;
    private int starts;

    private ServiceProcess(Spec spec) {
        this.spec = spec;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmOptions());
        command.addAll(ClassDataSharing.launchArguments(spec.module(), spec.jvmOptions()));
        command.addAll(spec.arguments());
        this.command = List.copyOf(command);
    }

    /**
     * Starts {@code module} (e.g. {@code consumer-service}) found beside the calling module, and waits until it
     * reports ready.
     */
    public static ServiceProcess start(String module, String databasePrefix) {
        return start(module, TestInfra.freshDatabase(databasePrefix), TestInfra.freshRedisNamespace());
    }

    /**
     * Starts another instance of {@code module} on an existing database and Redis namespace — a second replica
     * of a service a test already runs in-process.
     */
    public static ServiceProcess start(String module, String database, String redisNamespace) {
        return start(module, database, redisNamespace, TestInfra.redis());
    }

    /** As {@link #start(String, String, String)}, on a Redis of the test's own (one it may stop and restart). */
    public static ServiceProcess start(String module, String database, String redisNamespace, TestInfra.Endpoint redis) {
        return start(module, database, redisNamespace, redis, List.of());
    }

    /**
     * As {@link #start(String, String, String, TestInfra.Endpoint)}, with {@code settings} ({@code --name=value})
     * added after the connection settings, so they win (a shorter lease, a faster poll).
     */
    public static ServiceProcess start(String module, String database, String redisNamespace, TestInfra.Endpoint redis,
            List<String> settings) {
        return start(module, database, redisNamespace, redis, settings, freePort());
    }

    /**
     * As {@link #start(String, String, String, TestInfra.Endpoint, List)}, on a port chosen beforehand
     * ({@link #freePort()}): for two services that each need the other's address (experiences-service reads
     * commerce-service's products, commerce-service completes grants at experiences-service).
     */
    public static ServiceProcess start(String module, String database, String redisNamespace, TestInfra.Endpoint redis,
            List<String> settings, int port) {
        ServiceProcess service = launch(module, database, redisNamespace, redis, settings, port);
        service.awaitReady();
        return service;
    }

    /**
     * As {@link #start(String, String, String, TestInfra.Endpoint, List, int)}, but returns as soon as the process is
     * launched, so several instances start in parallel; {@link #awaitReady()} then waits for each.
     */
    public static ServiceProcess launch(String module, String database, String redisNamespace, TestInfra.Endpoint redis,
            List<String> settings, int port) {
        List<String> arguments = connectionArguments(database, redisNamespace, redis, port);
        arguments.addAll(settings);
        try {
            ServiceProcess service = prepare(new Spec(module, module, port, port, DEFAULT_JVM_OPTIONS, arguments,
                    Files.createTempFile(module, ".log")));
            service.launch();
            return service;
        } catch (IOException failed) {
            throw new IllegalStateException("Could not start " + module, failed);
        }
    }

    /** The settings every service needs to run on the test infrastructure: its port, database, Redis and secret. */
    static List<String> connectionArguments(String database, String redisNamespace, TestInfra.Endpoint redis, int port) {
        TestInfra.Endpoint pg = TestInfra.postgres();
        return new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.r2dbc.url=" + TestInfra.r2dbcUrl(pg, database),
                "--spring.r2dbc.username=" + pg.user(),
                "--spring.r2dbc.password=" + pg.password(),
                "--spring.flyway.url=" + TestInfra.jdbcUrl(pg, database),
                "--spring.flyway.user=" + pg.user(),
                "--spring.flyway.password=" + pg.password(),
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--dropline.redis.namespace=" + redisNamespace,
                "--dropline.web.internal-secret=" + TestInfra.INTERNAL_SECRET));
    }

    /**
     * A service process as {@code spec} says, not started yet: {@link #launch()} starts it without waiting (several
     * can start in parallel), {@link #awaitReady(Duration)} then waits. Fails at once when the jar is missing.
     */
    public static ServiceProcess prepare(Spec spec) {
        return new ServiceProcess(spec);
    }

    public String name() {
        return spec.name();
    }

    public int port() {
        return spec.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + spec.port();
    }

    /** How many times it has been launched. */
    public synchronized int starts() {
        return starts;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the process and returns at once; see {@link #awaitReady(Duration)}. */
    public synchronized void launch() {
        try {
            Files.writeString(spec.log(), "\n===== start " + (++starts) + " =====\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile())).start();
        } catch (IOException failed) {
            throw new IllegalStateException("Could not start " + spec.name(), failed);
        }
    }

    /** As {@link #awaitReady(Duration)}, with the limit {@link #start(String, String)} uses. */
    public void awaitReady() {
        awaitReady(READY_LIMIT);
    }

    /** Waits until the process launched last reports ready; kills it and fails when it exits or {@code limit} passes. */
    public void awaitReady(Duration limit) {
        Process current;
        synchronized (this) {
            current = process;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest readiness = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + spec.readinessPort() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            Awaitility.await(spec.name() + " ready").atMost(limit).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!current.isAlive()) {
                            throw new IllegalStateException(spec.name() + " exited:\n" + tail());
                        }
                        return client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (RuntimeException notReady) {
            current.destroyForcibly();
            throw new IllegalStateException(spec.name() + " did not become ready in " + limit + "; log " + spec.log()
                    + ":\n" + tail(), notReady);
        }
    }

    /** The way a crash looks to everyone else: SIGKILL, no graceful shutdown. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** Starts the same service again, on the same port and database, after {@link #kill}. */
    public void restart() {
        restart(READY_LIMIT);
    }

    /** As {@link #restart()}, waiting at most {@code limit} for it to be ready. */
    public void restart(Duration limit) {
        kill();
        launch();
        awaitReady(limit);
    }

    /** A graceful stop (SIGTERM), then SIGKILL if it has not ended after 30 seconds. */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor()) {
                process.destroyForcibly();
                waitFor();
            }
        }
    }

    private boolean waitFor() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last 40 lines of its log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(spec.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException unreadable) {
            return "(log unreadable: " + unreadable.getMessage() + ")";
        }
    }

    /** The packaged jar of a sibling module: {@code ../<module>/target/<module>-<version>.jar}. */
    public static Path jar(String module) {
        File target = Path.of("..", module, "target").toFile();
        File[] jars = target.listFiles((dir, name) -> name.startsWith(module + "-") && name.endsWith(".jar")
                && !name.endsWith("-tests.jar") && !name.endsWith("-plain.jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No packaged jar in " + target.getAbsolutePath()
                    + "; run ./mvnw -B verify from the repository root (it packages the services before the gateway"
                    + " and the fault suite)");
        }
        return jars[0].toPath();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException failed) {
            throw new IllegalStateException("No free port", failed);
        }
    }
}
