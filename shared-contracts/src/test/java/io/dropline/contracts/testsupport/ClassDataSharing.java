package io.dropline.contracts.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Class data sharing for the service processes tests start, as {@code ./dropline start} does for a running mesh: each
 * module's jar is extracted once, one training start (the context refreshed, then exit) records the classes it loaded
 * into an archive, and every later start of that module maps them instead of loading, verifying and parsing them.
 * On this machine an experiences-service start went from about 12 s to about 6.5 s; the tests start service
 * processes some forty times in a full run.
 *
 * <p>The extracted jar and its archives live under the module's {@code target/test-cds/}, keyed by the jar (size and
 * time), the JVM and the JVM options (an archive is only valid for the options it was made with), so a rebuilt jar
 * gets a new one. Whatever fails here (no extraction, a training start that does not end well) leaves that module
 * starting from its jar as before; only the time is lost. Test JVMs of different modules run one after another, and
 * within one JVM preparation is serialised, so two preparations never write the same files.
 */
final class ClassDataSharing {

    private static final long TRAINING_LIMIT_SECONDS = 180;
    /** Jars (and options) whose preparation failed in this JVM: not tried again at every start. */
    private static final Set<String> FAILED = new HashSet<>();

    private ClassDataSharing() {
    }

    /** What follows the JVM options on the command line: the archive and the extracted jar, or the packaged jar. */
    static synchronized List<String> launchArguments(String module, List<String> jvmOptions) {
        Path jar = ServiceProcess.jar(module).toAbsolutePath();
        String attempt = jar + " " + jvmOptions;
        if (FAILED.contains(attempt)) {
            return List.of("-jar", jar.toString());
        }
        try {
            Path home = jar.getParent().resolve("test-cds")
                    .resolve(Integer.toHexString(Objects.hash(Files.size(jar), Files.getLastModifiedTime(jar).toMillis())));
            Path extracted = home.resolve("extracted").resolve(jar.getFileName());
            Path archive = home.resolve("app-" + Integer.toHexString(Objects.hash(System.getProperty("java.home"), jvmOptions)) + ".jsa");
            if (!Files.exists(extracted)) {
                extract(jar, home);
            }
            if (!Files.exists(archive)) {
                train(module, extracted, jvmOptions, archive);
            }
            return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
        } catch (IOException | RuntimeException failed) {
            FAILED.add(attempt);
            System.err.println("Class data sharing for " + module + " not prepared (" + failed.getMessage()
                    + "); it starts from its jar");
            return List.of("-jar", jar.toString());
        }
    }

    /** Spring Boot's own layout for class data sharing: the application jar beside a lib/ of its dependencies. */
    private static void extract(Path jar, Path home) throws IOException {
        Files.createDirectories(home);
        Path staging = Files.createTempDirectory(home, "extract");
        run(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", staging.toString()),
                home.resolve("extract.log"));
        Files.move(staging, home.resolve("extracted"), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * One start on a database and Redis namespace of its own that exits once the context is refreshed
     * ({@code spring.context.exit=onRefresh}), writing the archive of the classes it loaded as it exits.
     */
    private static void train(String module, Path extracted, List<String> jvmOptions, Path archive) throws IOException {
        Path staging = archive.resolveSibling(archive.getFileName() + ".tmp");
        Files.deleteIfExists(staging);
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-XX:ArchiveClassesAtExit=" + staging);
        command.add("-Dspring.context.exit=onRefresh");
        command.add("-jar");
        command.add(extracted.toString());
        command.addAll(ServiceProcess.connectionArguments(TestInfra.freshDatabase(module.replace("-service", "")),
                TestInfra.freshRedisNamespace(), TestInfra.redis(), 0));
        command.add("--management.server.port=0");
        run(command, archive.resolveSibling(archive.getFileName() + ".training.log"));
        if (!Files.exists(staging) || Files.size(staging) == 0) {
            throw new IllegalStateException("the training start wrote no archive");
        }
        Files.move(staging, archive, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        try {
            if (!process.waitFor(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("did not end in " + TRAINING_LIMIT_SECONDS + " s; log " + log);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + "; log " + log);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
