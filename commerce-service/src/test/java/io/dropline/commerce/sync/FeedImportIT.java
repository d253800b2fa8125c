package io.dropline.commerce.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dropline.commerce.Api;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Sync sources and their product feeds against a real HTTP server inside the test (the merchant's feed). Private
 * hosts are allowed here so the server on loopback can answer; FeedFetcherGuardTest runs the guard on.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dropline.commerce.feeds.allow-private-hosts=true", "dropline.commerce.feeds.timeout=1s",
        "dropline.commerce.feeds.max-bytes=4096", "dropline.commerce.sync-interval=500ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class FeedImportIT {

    static HttpServer server;
    static String base;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static volatile String feed = "{}";

    @BeforeAll
    static void feedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/feed", exchange -> answer(exchange, 200, feed));
        server.createContext("/huge", exchange -> answer(exchange, 200, "{\"products\": [" + "{\"id\":\"x\",\"name\":\"y\"},".repeat(500) + "{}]}"));
        server.createContext("/hang", exchange -> {
            try {
                RELEASE.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, feed);
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/feed");
            answer(exchange, 302, "");
        });
        server.createContext("/sneaky", exchange -> {
            // A hop the guard refuses in any mode (user info): every redirect is checked, not only the first URL.
            exchange.getResponseHeaders().add("Location", "http://admin:secret@127.0.0.1:" + server.getAddress().getPort() + "/feed");
            answer(exchange, 302, "");
        });
        server.createContext("/garbage", exchange -> answer(exchange, 200, "not json"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        RELEASE.countDown();
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "commerce");
    }

    @Autowired
    WebTestClient http;

    UUID org;
    Api api;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        api = new Api(http, TestContexts.admin(org));
    }

    private String source(String path) {
        return api.post("/api/v1/sync-sources", Map.of("syncSource", "shopify", "syncSourceId", "store-" + UUID.randomUUID(),
                "feedUrl", base + path)).get("id").stringValue();
    }

    @Test
    void whenAFeedListsGoodAndMalformedEntriesThenTheGoodOnesAreImportedAndEachBadOneIsReported() {
        feed = "{\"products\": [{\"id\": \"p1\", \"name\": \"Tee\", \"price\": \"19.99\", \"currencyCode\": \"USD\"},"
                + "{\"id\": \"p2\"},"
                + "{\"id\": \"p3\", \"name\": \"Cap\", \"price\": \"cheap\"},"
                + "{\"id\": \"p4\", \"name\": \"Hoodie\", \"sku\": \"H-1\"}, 42]}";
        String id = source("/moved");
        JsonNode synced = api.json(HttpMethod.POST, "/api/v1/sync-sources/" + id + "/sync", null, 200);
        assertThat(synced.get("syncStatus").stringValue()).isEqualTo("SUCCESS");
        JsonNode report = synced.get("lastSyncReport");
        assertThat(report.get("created").intValue()).isEqualTo(2);
        assertThat(report.get("failed").intValue()).isEqualTo(3);
        assertThat(report.get("errors").toString()).contains("products[1].name", "products[2].price", "products[4]");
        assertThat(api.get("/api/v1/products/search?syncSource=shopify&syncSourceId=p1").get("price").stringValue()).isEqualTo("19.99");

        feed = "{\"products\": [{\"id\": \"p1\", \"name\": \"Tee v2\"}, {\"id\": \"p4\", \"name\": \"Hoodie\"}]}";
        JsonNode again = api.json(HttpMethod.POST, "/api/v1/sync-sources/" + id + "/sync", null, 200).get("lastSyncReport");
        assertThat(again.get("created").intValue()).isZero();
        assertThat(again.get("updated").intValue()).isEqualTo(2);
        JsonNode tee = api.get("/api/v1/products/search?syncSource=shopify&syncSourceId=p1");
        assertThat(tee.get("name").stringValue()).isEqualTo("Tee v2");
        assertThat(tee.get("price").stringValue()).isEqualTo("19.99");
        assertThat(api.get("/api/v1/products").get("data")).hasSize(2);

        // The feed's own sync source and one per imported product (their upsert keys) are all searchable.
        assertThat(api.get("/api/v1/sync-sources/search?syncSource=shopify&syncStatus=SUCCESS").get("data")).hasSize(3);
        JsonNode found = api.get("/api/v1/sync-sources/search?syncSource=shopify&syncSourceId=p1");
        assertThat(found.get("data")).hasSize(1);
        assertThat(found.get("data").get(0).get("id").stringValue()).isEqualTo(tee.get("primarySyncSourceId").stringValue());
    }

    @Test
    void whenAFeedIsTooLargeHangsIsNotJsonOrRedirectsWhereTheGuardRefusesThenTheSyncFailsWithWhyAndImportsNothing() {
        assertThat(failure("/huge")).contains("larger than allowed");
        assertThat(failure("/hang")).contains("did not answer in time");
        assertThat(failure("/garbage")).contains("not valid JSON");
        assertThat(failure("/sneaky")).contains("refused");
        assertThat(failure("/missing")).contains("HTTP 404");
        assertThat(api.get("/api/v1/products").get("data")).isEmpty();
    }

    @Test
    void whenAnotherTenantAsksOrInputIsBadThenNothingIsFoundOrChanged() {
        String id = source("/feed");
        for (String other : List.of(TestContexts.admin(UUID.randomUUID()), TestContexts.admin(org, Environment.TEST))) {
            Api them = api.as(other);
            them.error(HttpMethod.GET, "/api/v1/sync-sources/" + id, null, 404);
            them.error(HttpMethod.PUT, "/api/v1/sync-sources/" + id, Map.of("syncStatus", "FAILED"), 404);
            them.error(HttpMethod.DELETE, "/api/v1/sync-sources/" + id, null, 404);
            them.error(HttpMethod.POST, "/api/v1/sync-sources/" + id + "/sync", null, 404);
            assertThat(them.get("/api/v1/sync-sources/search").get("data")).isEmpty();
        }
        api.error(HttpMethod.POST, "/api/v1/sync-sources", Map.of("syncSource", "shopify"), 400);
        api.error(HttpMethod.POST, "/api/v1/sync-sources", Map.of("syncSource", "s", "syncSourceId", "x", "feedUrl", "ftp://x"), 400);
        api.error(HttpMethod.POST, "/api/v1/sync-sources", Map.of("syncSource", "s", "syncSourceId", "x", "syncIntervalSeconds", 5), 400);
        api.error(HttpMethod.PUT, "/api/v1/sync-sources/" + id, Map.of("syncSource", "other"), 400);
        api.error(HttpMethod.PUT, "/api/v1/sync-sources/" + id, Map.of("syncStatus", "DONE"), 400);
        api.error(HttpMethod.GET, "/api/v1/sync-sources/search?syncStatus=x", null, 400);
        api.error(HttpMethod.GET, "/api/v1/sync-sources/sync_nope", null, 404);
        JsonNode taken = api.error(HttpMethod.POST, "/api/v1/sync-sources", Map.of("syncSource", "shopify",
                "syncSourceId", api.get("/api/v1/sync-sources/" + id).get("syncSourceId").stringValue()), 409);
        assertThat(taken.get("code").stringValue()).isEqualTo("SYNC_SOURCE_EXISTS");
        assertThat(api.get("/api/v1/sync-sources/" + id).get("syncStatus").stringValue()).isEqualTo("PENDING");
    }

    private String failure(String path) {
        JsonNode synced = api.json(HttpMethod.POST, "/api/v1/sync-sources/" + source(path) + "/sync", null, 200);
        assertThat(synced.get("syncStatus").stringValue()).isEqualTo("FAILED");
        return synced.get("lastSyncReport").get("error").stringValue();
    }
}
