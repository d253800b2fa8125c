package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.testsupport.FaultProxy;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency keys (docs/adr/0019) through the real gateway to real consumer- and experiences-service processes:
 * retried creates replay their first answer and create one resource; another request under a used key is refused;
 * concurrent duplicates run once; keys are isolated per organization, environment and shopper; malformed keys are
 * refused; a 5xx (the service dying mid-request) frees the key; and a gateway killed mid-request — a second gateway
 * process on the same database — blocks its key only until the lease lapses, after which a retry on this gateway runs
 * the request exactly once, while a request that gateway had completed is replayed, never run again.
 * consumer-service is reached through a {@link FaultProxy} (one per gateway) that the tests slow, hang and cut.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIT {

    static ServiceProcess consumers;
    static ServiceProcess experiences;
    static FaultProxy toConsumers;
    static String database;
    static String namespace;

    /** The second gateway's lease: long enough that a retry sent right after its death still finds the key held. */
    private static final long SECOND_GATEWAY_LEASE_SECONDS = 6;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        namespace = TestInfra.freshRedisNamespace();
        consumers = ServiceProcess.start("consumer-service", TestInfra.freshDatabase("consumer"), namespace);
        experiences = ServiceProcess.start("experiences-service", TestInfra.freshDatabase("experiences"), namespace);
        toConsumers = FaultProxy.to("idem-consumers-a", "127.0.0.1", consumers.port());
        database = TestInfra.freshDatabase("gateway");
        TestInfra.registerService(registry, "gateway", database, namespace);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> switch (service) {
                    case "consumer" -> "http://127.0.0.1:" + toConsumers.port();
                    case "experiences" -> experiences.baseUrl();
                    default -> echo;
                }));
        registry.add("management.server.port", () -> "0");
        registry.add("dropline.gateway.idempotency.sweep-interval", () -> "1s");
    }

    @AfterAll
    static void stopServices() {
        toConsumers.close();
        consumers.close();
        experiences.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;
    Tenants.Tenant rival;

    @BeforeAll
    void tenants() {
        shop = Tenants.create(context, "idem-shop");
        rival = Tenants.create(context, "idem-rival");
    }

    record Answer(int status, java.net.http.HttpHeaders headers, JsonNode body) {

        boolean replayed() {
            return headers.firstValue("Idempotency-Replayed").filter("true"::equals).isPresent();
        }

        String id() {
            return body.get("id").stringValue();
        }

        String code() {
            return body.path("code").stringValue();
        }
    }

    @Test
    void whenACreateIsRetriedWithTheSameKeyThenOneResourceExistsAndTheFirstAnswerIsReplayed() {
        String name = "Retry " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> consumer = Map.of("email", "retry-" + UUID.randomUUID() + "@example.com", "fullName", name);
        Answer first = admin(gateway(), "/api/v1/consumers", key, consumer);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.replayed()).isFalse();
        Answer again = admin(gateway(), "/api/v1/consumers", key, consumer);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.replayed()).isTrue();
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("application/json"));
        // The replay is an answer to this request: its own request id, its own rate-limit headers.
        assertThat(again.headers().firstValue("X-Request-Id")).isNotEqualTo(first.headers().firstValue("X-Request-Id"));
        assertThat(again.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        // The unversioned alias is the same request.
        Answer alias = admin(gateway(), "/api/consumers", key, consumer);
        assertThat(alias.replayed()).isTrue();
        assertThat(alias.id()).isEqualTo(first.id());
        assertThat(count("/api/v1/consumers", name)).isEqualTo(1);

        String experience = "Drop " + UUID.randomUUID();
        String experienceKey = UUID.randomUUID().toString();
        Map<String, Object> body = experienceBody(experience);
        Answer created = admin(gateway(), "/api/v1/experiences", experienceKey, body);
        assertThat(created.status()).isEqualTo(201);
        Answer replayed = admin(gateway(), "/api/v1/experiences", experienceKey, body);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.id()).isEqualTo(created.id());
        assertThat(count("/api/v1/experiences", experience)).isEqualTo(1);

        // A client error is an answer too (as Stripe keeps it): replayed, not run again.
        String badKey = UUID.randomUUID().toString();
        Answer invalid = admin(gateway(), "/api/v1/consumers", badKey, Map.of("nickname", "x"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.replayed()).isFalse();
        Answer invalidAgain = admin(gateway(), "/api/v1/consumers", badKey, Map.of("nickname", "x"));
        assertThat(invalidAgain.status()).isEqualTo(400);
        assertThat(invalidAgain.replayed()).isTrue();
        assertThat(invalidAgain.body().at("/details/0/field").stringValue()).isEqualTo("nickname");

        // The gateway's own routes take part as well.
        String adminUserKey = UUID.randomUUID().toString();
        Map<String, Object> adminUser = Map.of("user_id", "idem-" + UUID.randomUUID(), "email", UUID.randomUUID() + "@example.com");
        assertThat(admin(gateway(), "/api/v1/settings/spotlight/admin-users", adminUserKey, adminUser).status()).isEqualTo(201);
        Answer userAgain = admin(gateway(), "/api/v1/settings/spotlight/admin-users", adminUserKey, adminUser);
        assertThat(userAgain.status()).isEqualTo(201);
        assertThat(userAgain.replayed()).isTrue();
    }

    @Test
    void whenAKeyIsUsedWithAnotherRequestThen400IdempotencyKeyReusedAndNothingRuns() {
        String name = "Reuse " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        assertThat(admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name)).status()).isEqualTo(201);

        Answer otherBody = admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name + " twin"));
        assertThat(otherBody.status()).isEqualTo(400);
        assertThat(otherBody.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(otherBody.body().get("requestId").stringValue()).isEqualTo(otherBody.headers().firstValue("X-Request-Id").orElseThrow());
        Answer otherPath = admin(gateway(), "/api/v1/experiences", key, experienceBody(name));
        assertThat(otherPath.status()).isEqualTo(400);
        assertThat(otherPath.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(count("/api/v1/consumers", name)).isEqualTo(1);
        assertThat(count("/api/v1/experiences", name)).isZero();
    }

    @Test
    void whenIdenticalRequestsRaceThenExactlyOneRunsAndTheOthersAreToldInFlightOrReplayed() {
        String name = "Race " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        // consumer-service answers slowly, so that the duplicates arrive while the first is in flight.
        toConsumers.latency(Duration.ofMillis(700));
        List<Answer> answers;
        try {
            List<CompletableFuture<Answer>> racing = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                racing.add(sendAsync(gateway(), "POST", "/api/v1/consumers", Map.of("Authorization", "Bearer " + shop.liveSecret(),
                        "Idempotency-Key", key), Map.of("fullName", name)));
            }
            answers = racing.stream().map(CompletableFuture::join).toList();
        } finally {
            toConsumers.restore();
        }
        List<Answer> executed = answers.stream().filter(answer -> answer.status() == 201 && !answer.replayed()).toList();
        assertThat(executed).hasSize(1);
        for (Answer answer : answers) {
            if (answer.status() == 409) {
                assertThat(answer.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertThat(answer.status()).isEqualTo(201);
                assertThat(answer.id()).isEqualTo(executed.get(0).id());
            }
        }
        assertThat(answers).anySatisfy(answer -> assertThat(answer.status()).isEqualTo(409));
        assertThat(count("/api/v1/consumers", name)).isEqualTo(1);
        Answer later = admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name));
        assertThat(later.replayed()).isTrue();
        assertThat(later.id()).isEqualTo(executed.get(0).id());
    }

    @Test
    void whenTheSameKeyComesFromAnotherOrganizationEnvironmentOrShopperThenEachRunsOnItsOwn() {
        String key = "shared-key-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("fullName", "Isolated " + key);
        Set<String> ids = new HashSet<>();
        for (String secret : List.of(shop.liveSecret(), shop.testSecret(), rival.liveSecret())) {
            Answer answer = send(gateway(), "POST", "/api/v1/consumers", Map.of("Authorization", "Bearer " + secret,
                    "Idempotency-Key", key), body);
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.replayed()).isFalse();
            ids.add(answer.id());
        }
        assertThat(ids).hasSize(3);

        // Two shoppers of one shop, one key: each enters the queue as themselves; each one's retry is their own replay.
        String queue = admin(gateway(), "/api/v1/experiences", null, experienceBody("Isolation " + key)).body()
                .at("/distributions/0/id").stringValue();
        String ada = guest(shop.livePublishable());
        String bob = guest(shop.livePublishable());
        Map<String, Answer> first = new java.util.HashMap<>();
        for (String shopper : List.of(ada, bob)) {
            Answer entered = enter(queue, shopper, key);
            assertThat(entered.status()).isEqualTo(200);
            assertThat(entered.replayed()).isFalse();
            first.put(shopper, entered);
        }
        for (String shopper : List.of(ada, bob)) {
            Answer again = enter(queue, shopper, key);
            assertThat(again.replayed()).isTrue();
            assertThat(again.body()).isEqualTo(first.get(shopper).body());
        }
        String adaId = me(ada);
        String bobId = me(bob);
        assertThat(adaId).isNotEqualTo(bobId);
        assertThat(rows("SELECT scope FROM idempotency_keys WHERE idempotency_key = $1", key))
                .contains("guest:" + adaId, "guest:" + bobId, "admin");
    }

    @Test
    void whenTheKeyIsMalformedThen400AndWithoutAKeyNothingIsStored() {
        Map<String, Object> body = Map.of("fullName", "Malformed");
        for (String bad : List.of("", "k".repeat(256))) {
            Answer answer = admin(gateway(), "/api/v1/consumers", bad, body);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("IDEMPOTENCY_KEY_INVALID");
            assertThat(answer.body().get("requestId").stringValue()).isNotBlank();
        }
        assertThat(admin(gateway(), "/api/v1/consumers", "k".repeat(255), body).status()).isEqualTo(201);
        Answer twice = send(gateway(), "POST", "/api/v1/consumers", Map.of("Authorization", "Bearer " + shop.liveSecret()),
                body, "Idempotency-Key", "one", "Idempotency-Key", "two");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.code()).isEqualTo("IDEMPOTENCY_KEY_INVALID");
        assertThat(count("/api/v1/consumers", "Malformed")).isEqualTo(1);

        String organization = shop.id().toString();
        List<String> before = rows("SELECT count(*)::text FROM idempotency_keys WHERE organization_id = $1::uuid", organization);
        assertThat(admin(gateway(), "/api/v1/consumers", null, Map.of("fullName", "No key")).status()).isEqualTo(201);
        assertThat(rows("SELECT count(*)::text FROM idempotency_keys WHERE organization_id = $1::uuid", organization)).isEqualTo(before);
    }

    @Test
    void whenAKeyExpiresThenTheSweepDeletesItAndTheKeyIsFreeAgain() {
        String key = UUID.randomUUID().toString();
        assertThat(admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", "Expiring")).status()).isEqualTo(201);
        Tenants.execute(context, "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = $1", key);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("SELECT state FROM idempotency_keys WHERE idempotency_key = $1", key).isEmpty());
        Answer reused = admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", "Expiring, then new"));
        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.replayed()).isFalse();
    }

    @Test
    void whenTheServiceDiesMidRequestThenThe503FreesTheKeyAndTheRetryRunsOnce() {
        String name = "Service died " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        toConsumers.hang();
        CompletableFuture<Answer> pending;
        try {
            pending = sendAsync(gateway(), "POST", "/api/v1/consumers", Map.of("Authorization", "Bearer " + shop.liveSecret(),
                    "Idempotency-Key", key), Map.of("fullName", name));
            await().atMost(Duration.ofSeconds(10)).until(() -> rows("SELECT state FROM idempotency_keys WHERE idempotency_key = $1", key)
                    .equals(List.of("in_flight")));
            // The service "dies" with the request held before it: connections reset, nothing delivered.
            toConsumers.cut();
            Answer failed = pending.join();
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.headers().firstValue("Retry-After")).isPresent();
            assertThat(rows("SELECT state FROM idempotency_keys WHERE idempotency_key = $1", key)).isEmpty();
        } finally {
            toConsumers.restore();
        }
        // The retry runs (a pooled connection the cut reset may cost one more 503, which frees the key again).
        Answer[] retried = new Answer[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            retried[0] = admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name));
            assertThat(retried[0].status()).isEqualTo(201);
        });
        assertThat(retried[0].replayed()).isFalse();
        assertThat(admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name)).replayed()).isTrue();
        assertThat(count("/api/v1/consumers", name)).isEqualTo(1);
    }

    @Test
    void whenTheGatewayDiesMidRequestThenItsKeyIsFreedByTheLeaseAndARetryElsewhereRunsOnceWhileCompletedKeysReplay()
            throws IOException {
        FaultProxy toConsumersB = FaultProxy.to("idem-consumers-b", "127.0.0.1", consumers.port());
        ServiceProcess second = startSecondGateway(toConsumersB);
        try {
            String b = second.baseUrl();
            // Completed on the second gateway: any gateway replays it afterwards.
            String doneName = "Completed on B " + UUID.randomUUID();
            String doneKey = UUID.randomUUID().toString();
            Answer done = admin(b, "/api/v1/consumers", doneKey, Map.of("fullName", doneName));
            assertThat(done.status()).isEqualTo(201);

            // In flight on the second gateway when it is killed.
            String name = "Gateway died " + UUID.randomUUID();
            String key = UUID.randomUUID().toString();
            toConsumersB.hang();
            CompletableFuture<Answer> lost = sendAsync(b, "POST", "/api/v1/consumers", Map.of("Authorization",
                    "Bearer " + shop.liveSecret(), "Idempotency-Key", key), Map.of("fullName", name));
            await().atMost(Duration.ofSeconds(10)).until(() -> rows("SELECT state FROM idempotency_keys WHERE idempotency_key = $1", key)
                    .equals(List.of("in_flight")));
            second.kill();
            // What the dead gateway had sent never reaches consumer-service.
            toConsumersB.cut();

            // Until the dead holder's lease lapses, the key is in flight: a retry is told when to come back.
            Answer blocked = admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name));
            assertThat(blocked.status()).isEqualTo(409);
            assertThat(blocked.code()).isEqualTo("IDEMPOTENCY_KEY_IN_FLIGHT");
            assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, SECOND_GATEWAY_LEASE_SECONDS);
            assertThat(lost.handle((answer, failure) -> failure).join()).isNotNull();

            Answer replayed = admin(gateway(), "/api/v1/consumers", doneKey, Map.of("fullName", doneName));
            assertThat(replayed.replayed()).isTrue();
            assertThat(replayed.id()).isEqualTo(done.id());
            assertThat(count("/api/v1/consumers", doneName)).isEqualTo(1);

            Answer[] retried = new Answer[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                retried[0] = admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name));
                assertThat(retried[0].status()).isEqualTo(201);
            });
            assertThat(retried[0].replayed()).isFalse();
            Answer again = admin(gateway(), "/api/v1/consumers", key, Map.of("fullName", name));
            assertThat(again.replayed()).isTrue();
            assertThat(again.id()).isEqualTo(retried[0].id());
            assertThat(count("/api/v1/consumers", name)).isEqualTo(1);
        } finally {
            second.close();
            toConsumersB.close();
        }
    }

    private ServiceProcess startSecondGateway(FaultProxy toConsumersB) throws IOException {
        TestInfra.Endpoint pg = TestInfra.postgres();
        TestInfra.Endpoint redis = TestInfra.redis();
        int gatewayPort = ServiceProcess.freePort();
        int managementPort = ServiceProcess.freePort();
        String echo = EchoServer.url();
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
                "--dropline.gateway.idempotency.lease=" + SECOND_GATEWAY_LEASE_SECONDS + "s",
                "--dropline.gateway.services.consumer=http://127.0.0.1:" + toConsumersB.port(),
                "--dropline.gateway.services.experiences=" + experiences.baseUrl()));
        for (String service : List.of("audience", "commerce", "analytics")) {
            arguments.add("--dropline.gateway.services." + service + "=" + echo);
        }
        ServiceProcess second = ServiceProcess.prepare(new ServiceProcess.Spec("gateway-b", "gateway", gatewayPort, managementPort,
                ServiceProcess.DEFAULT_JVM_OPTIONS, arguments, Files.createTempFile("gateway-b", ".log")));
        second.launch();
        second.awaitReady(Duration.ofSeconds(120));
        return second;
    }

    private String gateway() {
        return "http://127.0.0.1:" + port;
    }

    private static Map<String, Object> experienceBody(String name) {
        return Map.of("name", name, "sequence", Map.of("name", "General",
                "queues", List.of(Map.of("name", "Line", "admitRate", 600, "admissionExpirationSeconds", 600))));
    }

    private Answer admin(String base, String path, String key, Object body) {
        return key == null
                ? send(base, "POST", path, Map.of("Authorization", "Bearer " + shop.liveSecret()), body)
                : send(base, "POST", path, Map.of("Authorization", "Bearer " + shop.liveSecret(), "Idempotency-Key", key), body);
    }

    private int count(String path, String search) {
        Answer answer = send(gateway(), "GET", path + "?first=100&search=" + URLEncoder.encode(search, StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + shop.liveSecret()), null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body().get("data").size();
    }

    private String guest(String publishable) {
        Answer answer = send(gateway(), "POST", "/api/v1/auth/guest", Map.of("X-Publishable-Key", publishable), null);
        assertThat(answer.status()).isEqualTo(201);
        return answer.body().get("accessToken").stringValue();
    }

    private String me(String token) {
        return send(gateway(), "GET", "/api/v1/consumers/me", Map.of("X-Publishable-Key", shop.livePublishable(),
                "Authorization", "Bearer " + token), null).id();
    }

    private Answer enter(String queue, String token, String key) {
        return send(gateway(), "POST", "/api/v1/queues/" + queue + "/enter", Map.of("X-Publishable-Key", shop.livePublishable(),
                "Authorization", "Bearer " + token, "Idempotency-Key", key), null);
    }

    private List<String> rows(String sql, String parameter) {
        return context.getBean(DatabaseClient.class).sql(sql).bind(0, parameter)
                .map(row -> row.get(0, String.class)).all().collectList().block(Duration.ofSeconds(10));
    }

    private static Answer send(String base, String method, String path, Map<String, String> headers, Object body,
            String... extraHeaders) {
        return sendAsync(base, method, path, headers, body, extraHeaders).join();
    }

    private static CompletableFuture<Answer> sendAsync(String base, String method, String path, Map<String, String> headers,
            Object body, String... extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            request.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Answer(response.statusCode(), response.headers(),
                        response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body())));
    }
}
