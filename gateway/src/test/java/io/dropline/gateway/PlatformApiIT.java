package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform operator's API (docs/adr/0021) on this gateway, with a second gateway process on the same database and
 * Redis namespace standing in for another replica. Both cache API keys for ten minutes here, so a change that reaches
 * the second gateway within seconds can only have arrived through the announcement ({@code OrganizationChanges}); the
 * second gateway has no platform token, so it also shows the surface switched off. The CLI ({@code ./dropline org …})
 * runs against this gateway through its {@code DROPLINE_URL} and {@code DROPLINE_PLATFORM_TOKEN} overrides.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformApiIT {

    private static final String TOKEN = "platform-operator-token-for-tests-0123456789";
    /** Long enough that only the announcement can explain a change seen on the second gateway within the test's bound. */
    private static final String KEY_CACHE_TTL = "10m";
    /** How long a change may take to reach the second gateway: generous, the machine is shared. */
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String SECRET_KEY = "sk_(live|test)_[0-9A-Z]{26}[0-9A-Za-z]{32}";
    private static final String PUBLISHABLE_KEY = "pk_(live|test)_[0-9A-Z]{26}[0-9A-Za-z]{32}";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static String database;
    static String namespace;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        namespace = TestInfra.freshRedisNamespace();
        database = TestInfra.freshDatabase("gateway");
        TestInfra.registerService(registry, "gateway", database, namespace);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service, () -> echo));
        registry.add("management.server.port", () -> "0");
        registry.add("dropline.gateway.platform.token", () -> TOKEN);
        registry.add("dropline.gateway.key-cache-ttl", () -> KEY_CACHE_TTL);
    }

    @LocalServerPort
    int port;

    ServiceProcess second;

    @BeforeAll
    void startSecondGateway() throws IOException {
        TestInfra.Endpoint pg = TestInfra.postgres();
        TestInfra.Endpoint redis = TestInfra.redis();
        int gatewayPort = ServiceProcess.freePort();
        int managementPort = ServiceProcess.freePort();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + gatewayPort,
                "--management.server.port=" + managementPort,
                "--spring.r2dbc.url=" + TestInfra.r2dbcUrl(pg, database),
                "--spring.r2dbc.username=" + pg.user(),
                "--spring.r2dbc.password=" + pg.password(),
                "--spring.r2dbc.pool.initial-size=1",
                "--spring.flyway.url=" + TestInfra.jdbcUrl(pg, database),
                "--spring.flyway.user=" + pg.user(),
                "--spring.flyway.password=" + pg.password(),
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--dropline.redis.namespace=" + namespace,
                "--dropline.web.internal-secret=" + TestInfra.INTERNAL_SECRET,
                "--dropline.gateway.key-cache-ttl=" + KEY_CACHE_TTL));
        for (String service : GatewayItSupport.SERVICES) {
            arguments.add("--dropline.gateway.services." + service + "=" + EchoServer.url());
        }
        second = ServiceProcess.prepare(new ServiceProcess.Spec("gateway-b", "gateway", gatewayPort, managementPort,
                ServiceProcess.DEFAULT_JVM_OPTIONS, arguments, Files.createTempFile("gateway-b", ".log")));
        second.launch();
        second.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    void stopSecondGateway() {
        if (second != null) {
            second.close();
        }
    }

    record Answer(int status, java.net.http.HttpHeaders headers, String text) {

        JsonNode body() {
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The credential
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void whenTheCredentialIsMissingWrongOrAnOrganizationKeyThenRefused() {
        Map<String, String> shop = create("{\"name\": \"Credential Shop\"}");
        String path = "/platform/v1/organizations";

        Answer none = send(a(), "GET", path, Map.of(), null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("error").stringValue()).isEqualTo("Platform operator token required");
        assertThat(none.body().get("requestId").stringValue()).isNotBlank();
        assertThat(send(a(), "GET", path, bearer(TOKEN + "x"), null).status()).isEqualTo(401);
        assertThat(send(a(), "GET", path, bearer(TOKEN.substring(1)), null).status()).isEqualTo(401);
        assertThat(send(a(), "GET", path, bearer(shop.get("liveSecretKey")), null).status())
                .as("an organization's secret key is not the operator's credential").isEqualTo(401);
        assertThat(send(a(), "GET", path, Map.of("X-Publishable-Key", shop.get("livePublishableKey")), null).status())
                .isEqualTo(401);
        assertThat(send(a(), "POST", path + "/" + shop.get("slug") + "/suspend", bearer(shop.get("liveSecretKey")), null).status())
                .isEqualTo(401);
        Answer browser = send(a(), "GET", path, Map.of("Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example"), null);
        assertThat(browser.status()).isEqualTo(403);
        assertThat(browser.header("Access-Control-Allow-Origin")).isNull();

        assertThat(send(a(), "GET", "/api/v1/organizations/me", bearer(TOKEN), null).status())
                .as("the operator's token is no organization key").isEqualTo(401);
        assertThat(organization(a(), shop.get("liveSecretKey")).status()).as("the organization was not suspended").isEqualTo(200);
        assertThat(send(a(), "GET", path, bearer(TOKEN), null).status()).isEqualTo(200);
    }

    @Test
    void whenNoTokenIsConfiguredThenTheSurfaceDoesNotExist() {
        Answer answer = send(b(), "GET", "/platform/v1/organizations", bearer(TOKEN), null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("requestId").stringValue()).isNotBlank();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Organizations and keys
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void whenCreatedThenItsFourKeysAreShownOnceAndWorkOnBothGateways() {
        Answer created = send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN), "{\"name\": \"Ada's Émigré Shop\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode organization = created.body().get("organization");
        assertThat(organization.get("id").stringValue()).matches("org_[0-9A-Z]{26}");
        assertThat(organization.get("slug").stringValue()).isEqualTo("ada-s-emigre-shop");
        assertThat(organization.get("status").stringValue()).isEqualTo("ACTIVE");
        JsonNode keys = created.body().get("keys");
        assertThat(keys.get("liveSecretKey").stringValue()).matches(SECRET_KEY).startsWith("sk_live_");
        assertThat(keys.get("testSecretKey").stringValue()).matches(SECRET_KEY).startsWith("sk_test_");
        assertThat(keys.get("livePublishableKey").stringValue()).matches(PUBLISHABLE_KEY).startsWith("pk_live_");
        assertThat(keys.get("testPublishableKey").stringValue()).matches(PUBLISHABLE_KEY).startsWith("pk_test_");

        String id = organization.get("id").stringValue();
        for (String base : List.of(a(), b())) {
            Answer me = organization(base, keys.get("liveSecretKey").stringValue());
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().get("id").stringValue()).isEqualTo(id);
            assertThat(organization(base, keys.get("testSecretKey").stringValue()).status()).isEqualTo(200);
        }

        Answer byId = send(a(), "GET", "/platform/v1/organizations/" + id, bearer(TOKEN), null);
        Answer bySlug = send(a(), "GET", "/platform/v1/organizations/ada-s-emigre-shop", bearer(TOKEN), null);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(bySlug.body()).isEqualTo(byId.body());
        assertThat(byId.text()).as("keys are shown once").doesNotContain("sk_").doesNotContain("pk_");
        List<String> listed = new ArrayList<>();
        Answer page = send(a(), "GET", "/platform/v1/organizations?first=100", bearer(TOKEN), null);
        assertThat(page.status()).isEqualTo(200);
        page.body().get("data").forEach(item -> listed.add(item.get("id").stringValue()));
        assertThat(listed).contains(id);
        assertThat(page.text()).doesNotContain("sk_").doesNotContain("pk_");

        Answer again = send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN),
                "{\"name\": \"Another\", \"slug\": \"ada-s-emigre-shop\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("code").stringValue()).isEqualTo("SLUG_TAKEN");
    }

    @Test
    void whenSuspendedThenItsKeysAreRefusedOnBothGatewaysUntilReactivated() {
        Map<String, String> shop = create("{\"name\": \"Suspended Shop\", \"slug\": \"suspended-shop\"}");
        String secret = shop.get("liveSecretKey");
        String publishable = shop.get("livePublishableKey");
        for (String base : List.of(a(), b())) {
            assertThat(organization(base, secret).status()).as("cached as active on " + base).isEqualTo(200);
            assertThat(current(base, publishable).status()).isEqualTo(200);
        }

        Answer suspended = send(a(), "POST", "/platform/v1/organizations/suspended-shop/suspend", bearer(TOKEN), null);
        assertThat(suspended.status()).isEqualTo(200);
        assertThat(suspended.body().get("status").stringValue()).isEqualTo("INACTIVE");
        assertThat(organization(a(), secret).status()).as("refused at once where it was suspended").isEqualTo(401);
        assertThat(current(a(), publishable).status()).isEqualTo(401);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(organization(b(), secret).status()).as("refused on the other replica").isEqualTo(401);
            assertThat(current(b(), publishable).status()).isEqualTo(401);
        });
        assertThat(send(a(), "POST", "/platform/v1/organizations/suspended-shop/suspend", bearer(TOKEN), null).status())
                .as("suspending twice is no error").isEqualTo(200);

        Answer reactivated = send(a(), "POST", "/platform/v1/organizations/" + shop.get("id") + "/reactivate", bearer(TOKEN), null);
        assertThat(reactivated.status()).isEqualTo(200);
        assertThat(reactivated.body().get("status").stringValue()).isEqualTo("ACTIVE");
        assertThat(organization(a(), secret).status()).isEqualTo(200);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(organization(b(), secret).status()).isEqualTo(200));
    }

    @Test
    void whenKeysAreRotatedThenTheOldOnesAreRefusedAndTheNewOnesAcceptedOnBothGateways() {
        Map<String, String> shop = create("{\"name\": \"Rotating Shop\"}");
        for (String base : List.of(a(), b())) {
            assertThat(organization(base, shop.get("liveSecretKey")).status()).isEqualTo(200);
            assertThat(organization(base, shop.get("testSecretKey")).status()).isEqualTo(200);
            assertThat(current(base, shop.get("livePublishableKey")).status()).isEqualTo(200);
        }

        Answer rotated = send(a(), "POST", "/platform/v1/organizations/" + shop.get("slug") + "/keys/rotate", bearer(TOKEN), null);
        assertThat(rotated.status()).isEqualTo(201);
        assertThat(rotated.body().get("organizationId").stringValue()).isEqualTo(shop.get("id"));
        JsonNode keys = rotated.body().get("keys");
        String newSecret = keys.get("liveSecretKey").stringValue();
        assertThat(newSecret).matches(SECRET_KEY).isNotEqualTo(shop.get("liveSecretKey"));
        assertThat(keys.get("livePublishableKey").stringValue()).matches(PUBLISHABLE_KEY).isNotEqualTo(shop.get("livePublishableKey"));

        assertThat(organization(a(), shop.get("liveSecretKey")).status()).as("old key, at once where rotated").isEqualTo(401);
        assertThat(organization(a(), newSecret).status()).isEqualTo(200);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(organization(b(), shop.get("liveSecretKey")).status()).isEqualTo(401);
            assertThat(organization(b(), shop.get("testSecretKey")).status()).isEqualTo(401);
            assertThat(current(b(), shop.get("livePublishableKey")).status()).isEqualTo(401);
        });
        for (String base : List.of(a(), b())) {
            assertThat(organization(base, newSecret).status()).isEqualTo(200);
            assertThat(organization(base, keys.get("testSecretKey").stringValue()).status()).isEqualTo(200);
            assertThat(current(base, keys.get("livePublishableKey").stringValue()).status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rate limits
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void whenLimitsAreChangedThenTheSecondGatewayEnforcesThemWithinTheBound() {
        Map<String, String> shop = create("{\"name\": \"Limited Shop\"}");
        String limitsPath = "/platform/v1/organizations/" + shop.get("slug") + "/rate-limits";
        Answer defaults = send(a(), "GET", limitsPath, bearer(TOKEN), null);
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.body().at("/limits/read/perMinute").intValue()).isEqualTo(1000);
        assertThat(defaults.body().at("/limits/read/overridden").booleanValue()).isFalse();
        assertThat(defaults.body().at("/limits/queue_entry/burst").intValue()).isEqualTo(100);
        assertThat(organization(b(), shop.get("liveSecretKey")).header("X-RateLimit-Limit")).isEqualTo("1000");

        Answer changed = send(a(), "PUT", limitsPath, bearer(TOKEN),
                "{\"read\": 3, \"write\": {\"perMinute\": 120, \"burst\": 7}, \"queue_entry\": 50000}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().at("/limits/read/perMinute").intValue()).isEqualTo(3);
        assertThat(changed.body().at("/limits/read/overridden").booleanValue()).isTrue();
        assertThat(changed.body().at("/limits/write/perMinute").intValue()).isEqualTo(120);
        assertThat(changed.body().at("/limits/write/burst").intValue()).isEqualTo(7);
        assertThat(changed.body().at("/limits/queue_entry/perMinute").intValue()).isEqualTo(50000);
        assertThat(changed.body().at("/limits/queue_entry/burst").intValue()).as("the default burst still caps a bare figure")
                .isEqualTo(100);
        assertThat(send(a(), "GET", limitsPath, bearer(TOKEN), null).body()).isEqualTo(changed.body());

        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(organization(b(), shop.get("liveSecretKey")).header("X-RateLimit-Limit")).isEqualTo("3"));
        // Three tokens in Redis and, should Redis be slow on this loaded machine, three in the replica's local fallback
        // bucket: twenty requests must meet a 429 whichever answers.
        List<Integer> statuses = new ArrayList<>();
        while (statuses.size() < 20 && !statuses.contains(429)) {
            statuses.add(organization(b(), shop.get("liveSecretKey")).status());
        }
        assertThat(statuses).as("3 per minute, enforced on the second gateway").contains(429);

        Answer reset = send(a(), "PUT", limitsPath, bearer(TOKEN), "{\"read\": null}");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body().at("/limits/read/perMinute").intValue()).isEqualTo(1000);
        assertThat(reset.body().at("/limits/read/overridden").booleanValue()).isFalse();
        assertThat(reset.body().at("/limits/write/perMinute").intValue()).as("other categories keep their value").isEqualTo(120);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(organization(b(), shop.get("liveSecretKey")).header("X-RateLimit-Limit")).isEqualTo("1000"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bad input
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void whenTheOrganizationIsUnknownThen404() {
        String[] unknown = {"org_01JD3Q6Z8WQ0X5T9R2M4N7B1CE", "no-such-shop", "org_nonsense", "%27%3B%20DROP%20TABLE"};
        for (String organization : unknown) {
            String base = "/platform/v1/organizations/" + organization;
            assertThat(send(a(), "GET", base, bearer(TOKEN), null).status()).as(organization).isEqualTo(404);
            assertThat(send(a(), "POST", base + "/suspend", bearer(TOKEN), null).status()).isEqualTo(404);
            assertThat(send(a(), "POST", base + "/reactivate", bearer(TOKEN), null).status()).isEqualTo(404);
            assertThat(send(a(), "POST", base + "/keys/rotate", bearer(TOKEN), null).status()).isEqualTo(404);
            assertThat(send(a(), "GET", base + "/rate-limits", bearer(TOKEN), null).status()).isEqualTo(404);
            Answer put = send(a(), "PUT", base + "/rate-limits", bearer(TOKEN), "{\"read\": 5}");
            assertThat(put.status()).isEqualTo(404);
            assertThat(put.body().get("error").stringValue()).isEqualTo("Organization not found");
        }
        assertThat(send(a(), "GET", "/platform/v1/nothing-here", bearer(TOKEN), null).status()).isEqualTo(404);
    }

    @Test
    void whenLimitsOrBodiesAreBadThen400AndNothingChanges() {
        Map<String, String> shop = create("{\"name\": \"Strict Shop\"}");
        String limitsPath = "/platform/v1/organizations/" + shop.get("slug") + "/rate-limits";
        Answer before = send(a(), "GET", limitsPath, bearer(TOKEN), null);

        Map<String, String> badBodies = new LinkedHashMap<>();
        badBodies.put("{\"reads\": 5}", "reads");
        badBodies.put("{\"read\": 0}", "read");
        badBodies.put("{\"read\": -1}", "read");
        badBodies.put("{\"read\": 1.5}", "read");
        badBodies.put("{\"read\": \"100\"}", "read");
        badBodies.put("{\"read\": 10000000000}", "read");
        badBodies.put("{\"read\": true}", "read");
        badBodies.put("{\"read\": [5]}", "read");
        badBodies.put("{\"read\": {\"burst\": 5}}", "read.perMinute");
        badBodies.put("{\"read\": {\"perMinute\": 5, \"burst\": 0}}", "read.burst");
        badBodies.put("{\"read\": {\"perMinute\": 5, \"rate\": 1}}", "read.rate");
        badBodies.put("[]", "body");
        badBodies.put("5", "body");
        for (Map.Entry<String, String> bad : badBodies.entrySet()) {
            Answer answer = send(a(), "PUT", limitsPath, bearer(TOKEN), bad.getKey());
            assertThat(answer.status()).as(bad.getKey()).isEqualTo(400);
            assertThat(answer.body().get("error").stringValue()).isEqualTo("Validation failed");
            assertThat(answer.body().get("requestId").stringValue()).isNotBlank();
            List<String> fields = new ArrayList<>();
            answer.body().get("details").forEach(detail -> fields.add(detail.get("field").stringValue()));
            assertThat(fields).as(bad.getKey()).contains(bad.getValue());
        }
        Answer mixed = send(a(), "PUT", limitsPath, bearer(TOKEN), "{\"write\": 50, \"nope\": 1}");
        assertThat(mixed.status()).as("one bad category fails the whole change").isEqualTo(400);
        assertThat(send(a(), "PUT", limitsPath, bearer(TOKEN), "{\"read\": ").status()).as("malformed JSON").isEqualTo(400);
        assertThat(send(a(), "GET", limitsPath, bearer(TOKEN), null).body()).as("nothing changed").isEqualTo(before.body());

        assertThat(send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN), "{}").status()).isEqualTo(400);
        assertThat(send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN), "{\"name\": \"Ok\", \"plan\": \"GOLD\"}").status())
                .as("unknown field").isEqualTo(400);
        assertThat(send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN), "{\"name\": \"!!\"}").status())
                .as("no usable slug").isEqualTo(400);
        assertThat(send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN), "{\"name\": \"Shop\", \"slug\": \"Bad Slug\"}").status())
                .isEqualTo(400);
        assertThat(send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN), "{\"name\": \"Shop\", \"slug\": \"admin\"}").status())
                .as("reserved").isEqualTo(400);
        assertThat(send(a(), "GET", "/platform/v1/organizations?first=0", bearer(TOKEN), null).status()).isEqualTo(400);
        assertThat(send(a(), "GET", "/platform/v1/organizations?after=tampered", bearer(TOKEN), null).status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The CLI
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void theCliCreatesListsChangesLimitsRotatesAndSuspendsThroughTheApi() throws Exception {
        Cli created = cli("org", "create", "CLI Shop", "--slug", "cli-shop");
        assertThat(created.exitCode()).as(created.output()).isZero();
        String secret = find(created.output(), "sk_live_[0-9A-Z]{26}[0-9A-Za-z]{32}");
        assertThat(created.output()).contains("cli-shop").containsPattern("pk_live_").containsPattern("sk_test_")
                .containsPattern("pk_test_").contains("shown once");
        assertThat(organization(a(), secret).status()).isEqualTo(200);

        Cli listed = cli("org", "list");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("cli-shop").contains("ACTIVE").doesNotContain("sk_live_");

        Cli limits = cli("org", "limits", "cli-shop", "read=7", "write=120/9");
        assertThat(limits.exitCode()).as(limits.output()).isZero();
        assertThat(limits.output()).containsPattern("read\\s+7\\s+7\\s+override").containsPattern("write\\s+120\\s+9\\s+override");
        assertThat(organization(a(), secret).header("X-RateLimit-Limit")).isEqualTo("7");
        Cli shown = cli("org", "limits", "cli-shop");
        assertThat(shown.output()).containsPattern("read\\s+7\\s+7\\s+override").containsPattern("batch\\s+100\\s+100\\s+default");
        Cli reset = cli("org", "limits", "cli-shop", "read=default");
        assertThat(reset.output()).containsPattern("read\\s+1000\\s+1000\\s+default");
        Cli bad = cli("org", "limits", "cli-shop", "reads=5");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("Unknown rate-limit category");

        Cli rotated = cli("org", "rotate-keys", "cli-shop");
        assertThat(rotated.exitCode()).as(rotated.output()).isZero();
        String newSecret = find(rotated.output(), "sk_live_[0-9A-Z]{26}[0-9A-Za-z]{32}");
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(organization(a(), secret).status()).isEqualTo(401);
        assertThat(organization(a(), newSecret).status()).isEqualTo(200);

        Cli suspended = cli("org", "suspend", "cli-shop");
        assertThat(suspended.exitCode()).as(suspended.output()).isZero();
        assertThat(suspended.output()).contains("INACTIVE");
        assertThat(organization(a(), newSecret).status()).isEqualTo(401);
        Cli reactivated = cli("org", "reactivate", "cli-shop");
        assertThat(reactivated.exitCode()).as(reactivated.output()).isZero();
        assertThat(organization(a(), newSecret).status()).isEqualTo(200);

        Cli unknown = cli("org", "suspend", "no-such-shop");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.output()).contains("Organization not found");
        Cli usage = cli("frobnicate");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.output()).contains("usage").contains("org create");
        Cli help = cli("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("org limits").contains("logs SERVICE");
    }

    record Cli(int exitCode, String output) {
    }

    /** {@code ./dropline args…} against this gateway, through the script's environment overrides. */
    private Cli cli(String... args) throws IOException, InterruptedException {
        Path script = Path.of("..", "dropline").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DROPLINE_URL", a());
        builder.environment().put("DROPLINE_PLATFORM_TOKEN", TOKEN);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./dropline " + String.join(" ", args) + " did not finish: " + output);
        }
        return new Cli(process.exitValue(), output);
    }

    private static String find(String text, String pattern) {
        var matcher = java.util.regex.Pattern.compile(pattern).matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A new organization through the API: its id, slug and four keys. */
    private Map<String, String> create(String body) {
        Answer created = send(a(), "POST", "/platform/v1/organizations", bearer(TOKEN), body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Map<String, String> shop = new LinkedHashMap<>();
        shop.put("id", created.body().at("/organization/id").stringValue());
        shop.put("slug", created.body().at("/organization/slug").stringValue());
        created.body().get("keys").properties().forEach(key -> shop.put(key.getKey(), key.getValue().stringValue()));
        return shop;
    }

    private Answer organization(String base, String secretKey) {
        return send(base, "GET", "/api/v1/organizations/me", bearer(secretKey), null);
    }

    private Answer current(String base, String publishableKey) {
        return send(base, "GET", "/api/v1/organizations/current", Map.of("X-Publishable-Key", publishableKey), null);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private String a() {
        return "http://127.0.0.1:" + port;
    }

    private String b() {
        return second.baseUrl();
    }

    private static Answer send(String base, String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException | InterruptedException failed) {
            throw new AssertionError(method + " " + base + path + " failed", failed);
        }
    }
}
