package io.dropline.faults;

import static org.awaitility.Awaitility.await;

import io.dropline.contracts.testsupport.ServiceProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The suite's own PostgreSQL cluster (initdb into a temporary directory, a free port, fsync off), never the shared
 * one on 5432, so it can be stopped like a crash. As root the binaries run as {@code postgres} (runuser), which owns
 * the directory; as anyone else they run directly.
 */
final class OwnPostgres implements AutoCloseable {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final Runnable exitCleanup = this::stopQuietlyAndDelete;

    private OwnPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** The newest PostgreSQL's bin directory under /usr/lib/postgresql, or null. */
    static Path binaries() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return null;
        }
        return Arrays.stream(versions)
                .filter(v -> new File(v, "bin/initdb").canExecute() && new File(v, "bin/pg_ctl").canExecute())
                .max(Comparator.comparingInt(v -> versionOf(v.getName())))
                .map(v -> v.toPath().resolve("bin")).orElse(null);
    }

    static String missing() {
        if (binaries() == null) {
            return "No PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; the fault suite starts "
                    + "its own cluster (apt-get install postgresql)";
        }
        if (ROOT && !Binaries.onPath("runuser")) {
            return "Running as root, the fault suite needs runuser to start PostgreSQL as user postgres";
        }
        return null;
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException notAVersion) {
            return -1;
        }
    }

    static OwnPostgres create() {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException(missing());
        }
        try {
            Path dir = Files.createTempDirectory("dropline-faults-pg");
            OwnPostgres pg = new OwnPostgres(bin, dir, ServiceProcess.freePort());
            ChildProcesses.onExit(pg.exitCleanup);
            if (ROOT) {
                run(List.of("chown", "postgres:postgres", dir.toString()), Duration.ofSeconds(10));
            }
            pg.pg(List.of("initdb", "-D", pg.data.toString(), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8",
                    "--locale=C"), Duration.ofSeconds(120));
            return pg;
        } catch (IOException failed) {
            throw new IllegalStateException("Could not prepare a PostgreSQL directory", failed);
        }
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void start() {
        // fsync off only costs data on an operating-system crash, which the suite never causes: a killed postmaster's
        // writes are in the page cache. synchronous_commit stays on: off would let an immediate stop lose
        // acknowledged commits, and the checker would blame Dropline for the suite's configuration.
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                + " -c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB";
        pg(List.of("pg_ctl", "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(), "-o", options,
                "-w", "-t", "60", "start"), Duration.ofSeconds(90));
        await("own PostgreSQL accepts connections on " + port).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
                        return c.isValid(1);
                    }
                });
    }

    /** {@code immediate} is a crash (no checkpoint, recovery at the next start); {@code fast} a clean restart. */
    void stop(String mode) {
        pg(List.of("pg_ctl", "-D", data.toString(), "-m", mode, "-w", "-t", "60", "stop"), Duration.ofSeconds(90));
    }

    void createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement statement = c.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not create database " + name, failed);
        }
    }

    @Override
    public void close() {
        stopQuietlyAndDelete();
        ChildProcesses.forget(exitCleanup);
    }

    private void stopQuietlyAndDelete() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                stop("immediate");
            } catch (RuntimeException alreadyStopped) {
                // deleted below anyway
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private void pg(List<String> command, Duration limit) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        run(full, limit);
    }

    private static void run(List<String> command, Duration limit) {
        try {
            Path output = Files.createTempFile("dropline-faults-cmd", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + limit);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException failed) {
            throw new IllegalStateException("Could not run " + command, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + command, interrupted);
        }
    }
}
