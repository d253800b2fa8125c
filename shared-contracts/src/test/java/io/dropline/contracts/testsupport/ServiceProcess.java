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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Dropline service running as its own operating-system process from its packaged jar, on a free port, with a
 * fresh database and Redis namespace: the real thing end-to-end tests put behind the gateway, and can kill.
 * The jar must have been packaged first ({@code ./mvnw verify} builds the services before the gateway).
 */
public final class ServiceProcess implements AutoCloseable {

    private final String module;
    private final int port;
    private final Path log;
    private final List<String> command;
    private Process process;

    private ServiceProcess(String module, int port, Path log, List<String> command) {
        this.module = module;
        this.port = port;
        this.log = log;
        this.command = command;
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
        TestInfra.Endpoint pg = TestInfra.postgres();
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar(module).toString(),
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
        try {
            ServiceProcess service = new ServiceProcess(module, port, Files.createTempFile(module, ".log"), command);
            service.launch();
            return service;
        } catch (IOException failed) {
            throw new IllegalStateException("Could not start " + module, failed);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The way a crash looks to everyone else: SIGKILL, no graceful shutdown. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** Starts the same service again, on the same port and database, after {@link #kill}. */
    public void restart() {
        kill();
        launch();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            waitFor();
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException failed) {
            throw new IllegalStateException("Could not start " + module, failed);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            Awaitility.await(module + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(module + " exited:\n" + tail());
                        }
                        return client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (RuntimeException notReady) {
            process.destroyForcibly();
            throw new IllegalStateException(module + " did not become ready; log:\n" + tail(), notReady);
        }
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException unreadable) {
            return "(log unreadable: " + unreadable.getMessage() + ")";
        }
    }

    /** The packaged jar of a sibling module: {@code ../<module>/target/<module>-<version>.jar}. */
    private static Path jar(String module) {
        File target = Path.of("..", module, "target").toFile();
        File[] jars = target.listFiles((dir, name) -> name.startsWith(module + "-") && name.endsWith(".jar")
                && !name.endsWith("-tests.jar") && !name.endsWith("-plain.jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No packaged jar in " + target.getAbsolutePath()
                    + "; run ./mvnw -B verify from the repository root (it packages the services before the gateway)");
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
