package io.dropline.commerce.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.commerce.Api;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The inventory invariant across two instances of commerce-service on one database: this test's own and the packaged
 * jar as a separate process. 500 concurrent reservations for 100 units → exactly 100 succeed, every other one is a
 * 409 SOLD_OUT, and once the reservations expire the stock is whole again.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.commerce.sweep-interval=200ms")
@AutoConfigureWebTestClient(timeout = "60s")
class ReservationReplicasIT {

    static String database;
    static String namespace;
    static ServiceProcess other;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = TestInfra.freshDatabase("commerce");
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "commerce", database, namespace);
    }

    @AfterAll
    static void stopOther() {
        if (other != null) {
            other.close();
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @LocalServerPort
    int port;

    @BeforeEach
    void secondInstance() {
        if (other == null || !other.isAlive()) {
            // Started after this instance migrated the database, so the two never race on Flyway.
            other = ServiceProcess.start("commerce-service", database, namespace, TestInfra.redis(),
                    List.of("--dropline.commerce.sweep-interval=200ms"));
        }
    }

    @Test
    void when500ConcurrentReservationsMeet100UnitsOnTwoInstancesThenExactly100SucceedAndExpiryMakesTheStockWhole() {
        UUID org = UUID.randomUUID();
        String context = TestContexts.admin(org);
        Api api = new Api(http, context);
        String product = api.post("/api/v1/products", Map.of("name", "Hot drop")).get("id").stringValue();
        String variant = api.post("/api/v1/products/" + product + "/variants", Map.of("name", "One size", "inventoryQuantity", 100))
                .get("id").stringValue();
        String path = "/api/v1/products/" + product + "/variants/" + variant + "/reservations";

        List<WebClient> instances = List.of(WebClient.create("http://127.0.0.1:" + port), WebClient.create(other.baseUrl()));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
        Flux.range(0, 500)
                .flatMap(i -> instances.get(i % 2).post().uri(path)
                        .header(InternalContext.HEADER, context)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("quantity", 1, "expiresInSeconds", 600))
                        .exchangeToMono(response -> response.bodyToMono(JsonNode.class)
                                .defaultIfEmpty(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode())
                                .doOnNext(body -> {
                                    statuses.computeIfAbsent(response.statusCode().value(), s -> new AtomicInteger()).incrementAndGet();
                                    if (body.has("code")) {
                                        codes.computeIfAbsent(body.get("code").stringValue(), c -> new AtomicInteger()).incrementAndGet();
                                    }
                                })), 500)
                .then()
                .block(Duration.ofSeconds(120));

        assertThat(statuses.keySet()).containsOnly(201, 409);
        assertThat(statuses.get(201).get()).isEqualTo(100);
        assertThat(statuses.get(409).get()).isEqualTo(400);
        assertThat(codes.get("SOLD_OUT").get()).isEqualTo(400);
        assertThat(value("SELECT inventory_reserved FROM variants WHERE organization_id = :org", org)).isEqualTo(100);
        assertThat(value("SELECT count(*) FROM reservations WHERE organization_id = :org AND status = 'HELD'", org)).isEqualTo(100);

        // Time passes (the reservations' expiry is moved into the past rather than waited for); both instances sweep,
        // each reservation expires once and its unit comes back once.
        db.sql("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE organization_id = :org").bind("org", org)
                .then().block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> value("SELECT count(*) FROM reservations WHERE organization_id = :org AND status = 'EXPIRED'", org) == 100);
        assertThat(value("SELECT inventory_reserved FROM variants WHERE organization_id = :org", org)).isZero();
        assertThat(api.get("/api/v1/products/" + product + "/variants/" + variant).get("inventoryAvailable").intValue()).isEqualTo(100);
    }

    private long value(String sql, UUID org) {
        return db.sql(sql).bind("org", org).map(row -> ((Number) row.get(0)).longValue()).one().block();
    }
}
