package io.dropline.faults;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
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

/**
 * One instance of a Dropline service or the gateway, run from its packaged jar as an OS process on a port fixed for
 * its life, so a kill -9 and a restart bring it back where its clients look. (shared-contracts' ServiceProcess picks
 * the shared PostgreSQL and Redis; here every instance reaches its own proxies.)
 */
final class ServiceInstance implements AutoCloseable {

    static final List<String> JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:MaxDirectMemorySize=128m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k");

    private final String name;
    private final String module;
    private final int port;
    private final int readinessPort;
    private final List<String> arguments;
    private final Path log;
    private Process process;
    private int starts;

    ServiceInstance(String name, String module, int port, int readinessPort, List<String> arguments, Path logDir) {
        this.name = name;
        this.module = module;
        this.port = port;
        this.readinessPort = readinessPort;
        this.arguments = List.copyOf(arguments);
        this.log = logDir.resolve(name + ".log");
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int starts() {
        return starts;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the process without waiting (several start in parallel; {@link #awaitReady} then waits). */
    synchronized void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        command.add("-jar");
        command.add(jar(module).toString());
        command.addAll(arguments);
        try {
            Files.writeString(log, "\n===== start " + (++starts) + " =====\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException failed) {
            throw new IllegalStateException("Could not start " + name, failed);
        }
        ChildProcesses.track(process);
    }

    void awaitReady(Duration limit) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest readiness = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + readinessPort + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
        Process current = process;
        try {
            await(name + " ready").atMost(limit).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> {
                        if (!current.isAlive()) {
                            throw new IllegalStateException(name + " exited:\n" + tail());
                        }
                        return client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (RuntimeException notReady) {
            throw new IllegalStateException(name + " did not become ready in " + limit + "; log " + log + ":\n" + tail(), notReady);
        }
    }

    void start(Duration limit) {
        launch();
        awaitReady(limit);
    }

    /** The way a crash looks to everyone else: SIGKILL, no graceful shutdown. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(process)) {
                process.destroyForcibly();
                waitFor(process);
            }
        }
    }

    private static boolean waitFor(Process process) {
        try {
            return process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException unreadable) {
            return "(log unreadable: " + unreadable.getMessage() + ")";
        }
    }

    /** The packaged jar of a module beside this one: {@code ../<module>/target/<module>-<version>.jar}. */
    static Path jar(String module) {
        File target = Path.of("..", module, "target").toFile();
        File[] jars = target.listFiles((dir, file) -> file.startsWith(module + "-") && file.endsWith(".jar")
                && !file.endsWith("-tests.jar") && !file.endsWith("-plain.jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No packaged jar in " + target.getAbsolutePath()
                    + "; run ./mvnw -B verify (or bench/fault-schedule.sh) from the repository root: it packages the"
                    + " services and the gateway before the fault suite");
        }
        return jars[0].toPath();
    }
}
