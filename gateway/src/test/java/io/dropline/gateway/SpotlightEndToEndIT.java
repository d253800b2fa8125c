package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Spotlight end to end, through the real gateway to real experiences-service and analytics-service processes
 * sharing one Redis (the event bus) as in a deployment: an admin authenticated by the tenant's own identity
 * provider builds and publishes guidance, the SDK is served it, SDK events flow back through analytics and the
 * event bus into dismissal state and selector health, every admin write reaches the activity log exactly once
 * (even when a relay publishes again), and the kill switch stops serving within seconds.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpotlightEndToEndIT {

    static ServiceProcess experiences;
    static ServiceProcess analytics;
    static String experiencesDatabase;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String namespace = TestInfra.freshRedisNamespace();
        experiencesDatabase = TestInfra.freshDatabase("experiences");
        experiences = ServiceProcess.start("experiences-service", experiencesDatabase, namespace);
        analytics = ServiceProcess.start("analytics-service", TestInfra.freshDatabase("analytics"), namespace);
        TestInfra.registerService(registry, "gateway", TestInfra.freshDatabase("gateway"), namespace);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> switch (service) {
                    case "experiences" -> experiences.baseUrl();
                    case "analytics" -> analytics.baseUrl();
                    default -> echo;
                }));
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopServices() {
        experiences.close();
        analytics.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    ApplicationContext context;

    Tenants.Tenant shop;
    Tenants.Tenant rival;
    final RSAKey shopKey = AdminTokens.rsa("shop-1");
    final RSAKey rivalKey = AdminTokens.rsa("rival-1");
    String shopAdmin;
    String rivalAdmin;

    @BeforeAll
    void tenants() {
        shop = Tenants.create(context, "e2e-spotlight");
        rival = Tenants.create(context, "e2e-spotlight-rival");
        // The shop lists its admins (table_lookup); the rival trusts everyone its identity provider signs.
        AdminTokens.configure(http, shop.liveSecret(), Map.of("admin_strategy", Map.of("type", "table_lookup"),
                "jwks", AdminTokens.inlineJwks(shopKey)));
        AdminTokens.addAdmin(http, shop.liveSecret(), "auth0|ada", "ada@shop.example");
        AdminTokens.configure(http, rival.liveSecret(), Map.of("admin_strategy", Map.of("type", "all_authenticated"),
                "jwks", AdminTokens.inlineJwks(rivalKey)));
        shopAdmin = AdminTokens.token(shopKey, "auth0|ada");
        rivalAdmin = AdminTokens.token(rivalKey, "rival-admin");
    }

    @Test
    void anAdminPublishesGuidanceAndTheSdkServesItWithoutItsTargetingRules() {
        String theme = data(admin(HttpMethod.POST, "/v1/admin/themes", Map.of("name", "Ember",
                "variables", Map.of("--spot-primary", "#ff6a4d")), 201)).get("theme_id").stringValue();
        admin(HttpMethod.POST, "/v1/admin/themes/" + theme + "/set-default", null, 200);
        String tour = publishedTour("Dashboard tour", "/dashboard*", 100);
        String banner = publishedBanner("Maintenance banner");

        JsonNode onDashboard = eligible("https://app.example.com/dashboard?tab=weekly", "user-1");
        assertThat(ids(onDashboard.get("tours"), "tour_id")).contains(tour);
        assertThat(ids(onDashboard.get("content"), "content_id")).contains(banner);
        JsonNode served = find(onDashboard.get("tours"), "tour_id", tour);
        assertThat(served.get("theme").get("--spot-primary").stringValue()).isEqualTo("#ff6a4d");
        assertThat(served.has("url_patterns")).isFalse();
        assertThat(served.has("rollout")).isFalse();
        assertThat(served.has("audience")).isFalse();
        assertThat(served.has("schedule")).isFalse();

        assertThat(ids(eligible("https://app.example.com/billing", "user-1").get("tours"), "tour_id")).doesNotContain(tour);

        // Another tenant cannot see, change or be served it.
        http.get().uri("/v1/admin/tours/" + tour).header("X-API-Key", rival.liveSecret())
                .header("Authorization", "Bearer " + rivalAdmin).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error.code").isEqualTo("NOT_FOUND");
        http.post().uri("/v1/sdk/eligible").header("X-API-Key", rival.livePublishable()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "https://app.example.com/dashboard", "user", Map.of("id", "user-1")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.data.tours.length()").isEqualTo(0);
        // Nor can the shop's own test environment.
        http.post().uri("/v1/sdk/eligible").header("X-API-Key", shop.testPublishable()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "https://app.example.com/dashboard", "user", Map.of("id", "user-1")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.data.tours.length()").isEqualTo(0);
    }

    @Test
    void everyAdminWriteReachesTheActivityLogOnceEvenWhenTheRelayPublishesAgain() throws SQLException {
        String tour = publishedTour("Audited tour", "/audit*", 100);
        admin(HttpMethod.PUT, "/v1/admin/tours/" + tour, Map.of("description", "Changed"), 200);

        List<String> expected = List.of("tour.create", "TourPublishedByAdmin", "TourUpdatedByAdmin");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(actions(tour)).containsExactlyInAnyOrderElementsOf(expected));
        JsonNode created = entries(tour).stream().filter(e -> e.get("action").stringValue().equals("tour.create"))
                .findFirst().orElseThrow();
        assertThat(created.get("actor").get("id").stringValue()).isEqualTo("auth0|ada");
        assertThat(created.get("after").get("title").stringValue()).isEqualTo("Audited tour");
        assertThat(created.get("request_id").stringValue()).isEqualTo("req-create-Audited-tour");
        JsonNode updated = entries(tour).stream().filter(e -> e.get("action").stringValue().equals("TourUpdatedByAdmin"))
                .findFirst().orElseThrow();
        assertThat(updated.get("before").get("description").stringValue()).isEqualTo("Benchmark of nothing");
        assertThat(updated.get("after").get("description").stringValue()).isEqualTo("Changed");

        // The relay "crashed" after publishing and before marking: every experiences event goes out again.
        int republished = experiencesSql("UPDATE outbox SET published_at = NULL");
        assertThat(republished).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> experiencesCount("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0);
        // Give the consumer time to see the second copies; the log still holds one entry per write.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(actions(tour)).containsExactlyInAnyOrderElementsOf(expected));

        // Gateway writes (config, admin users) arrive through the same bus.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(recentActions())
                .contains("config.update", "AdminUserAddedByAdmin"));
    }

    @Test
    void aDismissalReportedByTheSdkHidesTheItemForThatUserOnly() {
        String banner = publishedBanner("Dismissable banner");
        assertThat(ids(eligible("https://app.example.com/home", "user-dismiss").get("content"), "content_id")).contains(banner);

        Map<String, Object> batch = Map.of("user", Map.of("id", "user-dismiss"), "session_id", "s-1",
                "events", List.of(Map.of("event_id", "evt-dismiss-" + banner, "type", "dismissed",
                        "occurred_at", Instant.now().toString(), "item_type", "content", "item_id", banner,
                        "properties", Map.of("reason", "close_button"))));
        sdkEvents(batch).jsonPath("$.data.accepted").isEqualTo(1).jsonPath("$.data.duplicates").isEqualTo(0);
        sdkEvents(batch).jsonPath("$.data.accepted").isEqualTo(0).jsonPath("$.data.duplicates").isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                ids(eligible("https://app.example.com/home", "user-dismiss").get("content"), "content_id")).doesNotContain(banner));
        assertThat(ids(eligible("https://app.example.com/home", "someone-else").get("content"), "content_id")).contains(banner);
    }

    @Test
    void selectorFailuresReportedByTheSdkShowInSelectorHealth() {
        String tour = publishedTour("Fragile tour", "/fragile*", 100);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(Map.of("event_id", "sel-" + tour + "-" + i, "type", "selector_failed", "occurred_at", Instant.now().toString(),
                    "item_type", "tour", "item_id", tour, "step_id", "welcome",
                    "properties", Map.of("reason", "not_found", "strategy", "data_attribute", "value", "main-header")));
        }
        sdkEvents(Map.of("user", Map.of("id", "user-sel"), "events", events)).jsonPath("$.data.accepted").isEqualTo(4);

        JsonNode health = data(admin(HttpMethod.GET, "/v1/admin/analytics/selector-health?window_days=7&failure_threshold=3", null, 200));
        JsonNode row = find(health.get("items"), "item_id", tour);
        assertThat(row.get("failures").asInt()).isEqualTo(4);
        assertThat(row.get("flagged").asBoolean()).isTrue();
        assertThat(row.get("status").stringValue()).isEqualTo("broken");
    }

    @Test
    void theKillSwitchStopsServingToursWithinSecondsAndBringsThemBack() {
        String tour = publishedTour("Switchable tour", "/switch*", 100);
        assertThat(ids(eligible("https://app.example.com/switch", "user-k").get("tours"), "tour_id")).contains(tour);

        admin(HttpMethod.POST, "/v1/admin/config/circuit-breaker", Map.of("feature", "tours", "enabled", false), 200);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode answer = eligible("https://app.example.com/switch", "user-k");
            assertThat(answer.get("tours").size()).isZero();
            assertThat(answer.get("kill_switch").get("active").asBoolean()).isTrue();
        });
        // The tour itself is untouched: still published.
        assertThat(data(admin(HttpMethod.GET, "/v1/admin/tours/" + tour, null, 200)).get("status").stringValue()).isEqualTo("published");

        admin(HttpMethod.POST, "/v1/admin/config/circuit-breaker", Map.of("feature", "tours", "enabled", true), 200);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(ids(eligible("https://app.example.com/switch", "user-k").get("tours"), "tour_id")).contains(tour));
    }

    @Test
    void theSdkKeyCannotReachTheAdminApiNorTheAdminTokenTheSdk() {
        http.get().uri("/v1/admin/tours").header("X-API-Key", shop.livePublishable())
                .header("Authorization", "Bearer " + shopAdmin).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo("FORBIDDEN");
        http.get().uri("/v1/admin/tours").header("X-API-Key", shop.liveSecret())
                .header("Authorization", "Bearer " + rivalAdmin).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHORIZED");
        http.get().uri("/v1/admin/tours").header("X-API-Key", shop.liveSecret())
                .header("Authorization", "Bearer " + AdminTokens.token(shopKey, "auth0|not-an-admin")).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo("FORBIDDEN");
        http.post().uri("/v1/sdk/eligible").header("X-API-Key", shop.liveSecret()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "https://app.example.com/", "user", Map.of("id", "u"))).exchange()
                .expectStatus().isForbidden();
    }

    private String publishedTour(String title, String pattern, int percentage) {
        Map<String, Object> tour = Map.of("title", title, "description", "Benchmark of nothing",
                "url_patterns", List.of(Map.of("pattern", pattern, "is_regex", false)),
                "steps", List.of(Map.of("step_id", "welcome", "order", 0, "title", "Welcome", "body", "Hello.",
                        "element_target", Map.of("data_attribute", "main-header"), "position", "bottom")),
                "trigger", Map.of("trigger_type", "page_load", "delay_ms", 0),
                "rollout", Map.of("enabled", true, "percentage", percentage));
        JsonNode created = http.post().uri("/v1/admin/tours").header("X-API-Key", shop.liveSecret())
                .header("Authorization", "Bearer " + shopAdmin).header("X-Request-Id", "req-create-" + title.replace(' ', '-'))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(tour).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = created.get("data").get("tour_id").stringValue();
        admin(HttpMethod.POST, "/v1/admin/tours/" + id + "/publish", null, 200);
        return id;
    }

    private String publishedBanner(String title) {
        String id = data(admin(HttpMethod.POST, "/v1/admin/content", Map.of("content_type", "banner", "title", title,
                "body", "Scheduled maintenance Sunday 02:00 UTC", "priority", 10, "dismiss_behavior", "once",
                "trigger", Map.of("trigger_type", "page_load")), 201)).get("content_id").stringValue();
        admin(HttpMethod.POST, "/v1/admin/content/" + id + "/publish", null, 200);
        return id;
    }

    private JsonNode admin(HttpMethod method, String path, Object body, int status) {
        var spec = http.method(method).uri(path).header("X-API-Key", shop.liveSecret())
                .header("Authorization", "Bearer " + shopAdmin);
        var sent = body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        return sent.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode data(JsonNode body) {
        return body.get("data");
    }

    private JsonNode eligible(String url, String user) {
        return http.post().uri("/v1/sdk/eligible").header("X-API-Key", shop.livePublishable())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", url, "user", Map.of("id", user), "session_id", "s-1")).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("data");
    }

    private WebTestClient.BodyContentSpec sdkEvents(Map<String, Object> batch) {
        return http.post().uri("/v1/sdk/events").header("X-API-Key", shop.livePublishable())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(batch).exchange()
                .expectStatus().isAccepted().expectBody();
    }

    private List<JsonNode> entries(String tour) {
        List<JsonNode> entries = new ArrayList<>();
        data(admin(HttpMethod.GET, "/v1/admin/activity/entity/tour/" + tour + "?limit=100", null, 200)).get("items")
                .forEach(entries::add);
        return entries;
    }

    private List<String> actions(String tour) {
        return entries(tour).stream().map(entry -> entry.get("action").stringValue()).toList();
    }

    private List<String> recentActions() {
        List<String> actions = new ArrayList<>();
        data(admin(HttpMethod.GET, "/v1/admin/activity?limit=100", null, 200)).get("items")
                .forEach(entry -> actions.add(entry.get("action").stringValue()));
        return actions;
    }

    private static List<String> ids(JsonNode items, String field) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get(field).stringValue()));
        return ids;
    }

    private static JsonNode find(JsonNode items, String field, String id) {
        Predicate<JsonNode> matches = item -> id.equals(item.get(field).stringValue());
        for (JsonNode item : items) {
            if (matches.test(item)) {
                return item;
            }
        }
        throw new AssertionError("No item with " + field + " = " + id + " in " + items);
    }

    private static int experiencesSql(String sql) throws SQLException {
        var pg = TestInfra.postgres();
        try (Connection connection = DriverManager.getConnection(TestInfra.jdbcUrl(pg, experiencesDatabase), pg.user(), pg.password());
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private static long experiencesCount(String sql) throws SQLException {
        var pg = TestInfra.postgres();
        try (Connection connection = DriverManager.getConnection(TestInfra.jdbcUrl(pg, experiencesDatabase), pg.user(), pg.password());
                Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
