package io.dropline.gateway.bootstrap;

import io.dropline.contracts.error.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bootstrap CLI (profile {@code bootstrap}, set by {@code GatewayApplication} when it sees
 * {@code --dropline.bootstrap.organization-name} or a {@code bootstrap} argument). Flyway has migrated the database
 * by the time this runs; it creates the organization and its keys, writes the JSON result to the output file and
 * lets the application exit. A failure (e.g. the slug exists) propagates, so the process exits non-zero.
 */
@Component
@Profile("bootstrap")
class BootstrapRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapRunner.class);
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final BootstrapService bootstrap;
    private final BootstrapProperties properties;
    private final JsonMapper json;

    BootstrapRunner(BootstrapService bootstrap, BootstrapProperties properties, JsonMapper json) {
        this.bootstrap = bootstrap;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.organizationName() == null || properties.slug() == null) {
            throw new IllegalArgumentException(
                    "Bootstrap needs --dropline.bootstrap.organization-name=... and --dropline.bootstrap.slug=...");
        }
        Path output = Path.of(properties.output() != null ? properties.output()
                : "dropline-bootstrap-" + properties.slug() + ".json");
        // This runs on the CLI's main thread, never on an event loop: waiting for the result is the whole point
        // of a command-line tool, and the only place in the gateway that blocks (see ArchitectureTest).
        BootstrapResult result;
        try {
            result = bootstrap.bootstrap(properties.organizationName(), properties.slug()).block(LIMIT);
        } catch (ApiException refused) {
            throw new IllegalStateException("Bootstrap refused: " + refused.getMessage() + " " + refused.details(), refused);
        }
        write(output, json.writeValueAsString(result));
        log.info("Bootstrapped organization {} (slug {}); its keys are in {}", result.organizationId(),
                result.slug(), output.toAbsolutePath());
    }

    /** Owner-only permissions from the first byte on, since the file holds secret keys. */
    private static void write(Path output, String content) {
        try {
            Files.deleteIfExists(output);
            try {
                Files.createFile(output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(output);
            } catch (FileAlreadyExistsException raced) {
                throw new IllegalStateException("Output file " + output + " appeared while writing", raced);
            }
            Files.writeString(output, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException failed) {
            throw new UncheckedIOException("Could not write the bootstrap result to " + output, failed);
        }
    }
}
