package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The bootstrap CLI, run in-process the way GatewayApplication.main runs it (minus System.exit). */
@RequiresInfra
class BootstrapIT {

    @TempDir
    Path dir;

    @Test
    void whenBootstrappedThenOrganizationAndFourKeysAreWrittenAndASecondRunWithTheSameSlugIsRefused() throws IOException {
        String database = TestInfra.freshDatabase("gateway");
        Path output = dir.resolve("keys.json");
        run(database, "demo-shop", output).close();

        Map<String, String> result = JsonMapper.builder().build().readValue(output.toFile(), new TypeReference<>() {
        });
        assertThat(result.get("organizationId")).matches("org_[0-9A-Z]{26}");
        assertThat(result.get("liveSecretKey")).matches("sk_live_[0-9A-Z]{26}[0-9A-Za-z]{32}");
        assertThat(result.get("livePublishableKey")).matches("pk_live_[0-9A-Z]{26}[0-9A-Za-z]{32}");
        assertThat(result.get("testSecretKey")).matches("sk_test_[0-9A-Z]{26}[0-9A-Za-z]{32}");
        assertThat(result.get("testPublishableKey")).matches("pk_test_[0-9A-Z]{26}[0-9A-Za-z]{32}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output))).isEqualTo("rw-------");

        Path second = dir.resolve("second.json");
        assertThatThrownBy(() -> run(database, "demo-shop", second)).hasStackTraceContaining("Slug already taken");
        assertThat(second).doesNotExist();
    }

    private static ConfigurableApplicationContext run(String database, String slug, Path output) {
        TestInfra.Endpoint pg = TestInfra.postgres();
        TestInfra.Endpoint redis = TestInfra.redis();
        return new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.NONE)
                .profiles("bootstrap")
                .run("--dropline.bootstrap.organization-name=Demo Shop",
                        "--dropline.bootstrap.slug=" + slug,
                        "--dropline.bootstrap.output=" + output,
                        "--spring.r2dbc.url=" + TestInfra.r2dbcUrl(pg, database),
                        "--spring.r2dbc.username=" + pg.user(),
                        "--spring.r2dbc.password=" + pg.password(),
                        "--spring.flyway.url=" + TestInfra.jdbcUrl(pg, database),
                        "--spring.flyway.user=" + pg.user(),
                        "--spring.flyway.password=" + pg.password(),
                        "--spring.data.redis.host=" + redis.host(),
                        "--spring.data.redis.port=" + redis.port(),
                        "--dropline.web.internal-secret=" + TestInfra.INTERNAL_SECRET);
    }
}
