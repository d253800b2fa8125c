package io.dropline.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed API documents are what {@code tools/openapi/generate.py} makes of the current source (so a changed
 * controller or record without regenerated documents fails the build), and hold nothing internal. Their match with
 * the live route tables is SdkEndToEndIT's.
 */
class ApiDocumentsTest {

    @Test
    void theCommittedDocumentsAreTheGeneratorsOutputForTheCurrentSource() throws Exception {
        Path root = repositoryRoot();
        boolean python = new File("/usr/bin/python3").canExecute() || new File("/usr/local/bin/python3").canExecute();
        if ("require".equals(System.getenv("TEST_INFRA"))) {
            assertThat(python).as("python3 runs tools/openapi/generate.py").isTrue();
        }
        Assumptions.assumeTrue(python, "python3 is needed to check the documents against the source");
        Process check = new ProcessBuilder("python3", "tools/openapi/generate.py", "--check").directory(root.toFile())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as("stale documents: run python3 tools/openapi/generate.py\n%s", output).isZero();
    }

    @Test
    void everyDocumentIsOnTheClasspathWithoutInternalRoutesOrParameters() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        for (String surface : ApiDocumentsController.SURFACES) {
            String text;
            try (var in = new ClassPathResource("openapi/" + surface + ".json").getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonNode document = json.readTree(text);
            assertThat(document.get("openapi").stringValue()).isEqualTo("3.1.0");
            assertThat(document.get("paths").size()).as(surface).isPositive();
            document.get("paths").propertyNames().forEach(path -> assertThat(path).as(surface)
                    .doesNotStartWith("/internal").doesNotStartWith("/actuator"));
            assertThat(text).as(surface).doesNotContain("X-Dropline-Context").doesNotContain("\"name\": \"context\"");
        }
    }

    private static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("tools/openapi/generate.py"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("tools/openapi/generate.py not found above " + Path.of("").toAbsolutePath());
    }
}
