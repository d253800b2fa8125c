package io.dropline.experiences.access.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * The status stream's push policy (docs/adr/0026): a moving line sends a position at most once per
 * {@code dropline.line.position-interval} and only when it changed; the consumer's own GRANTED is sent at once.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dropline.line.tick-interval=50ms", "dropline.line.position-interval=3s"})
@AutoConfigureWebTestClient(timeout = "30s")
class StatusStreamPushPolicyIT {

    private static final Duration POSITION_INTERVAL = Duration.ofSeconds(3);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences", TestInfra.freshDatabase("experiences"), TestInfra.freshRedisNamespace());
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    QueueFixtures queues;

    @BeforeEach
    void newTenant() {
        org = UUID.randomUUID();
        queues = new QueueFixtures(db);
    }

    record Received(long atMillis, String status, Long position) {
    }

    @Test
    void positionsComeAtMostOncePerIntervalAndOnlyWhenChangedWhileGrantedComesAtOnce() throws Exception {
        // 1 per minute: the ticker admits nobody during the test; the merchant's admissions move the line.
        String queue = queues.create(org, QueueFixtures.Spec.rate(1)).block();
        List<UUID> ahead = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID watcher = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        ahead.forEach(consumer -> enter(queue, consumer));
        enter(queue, watcher);
        enter(queue, behind);

        List<Received> received = new CopyOnWriteArrayList<>();
        Disposable stream = http.get().uri("/api/v1/queues/{id}/status", queue).header(InternalContext.HEADER, consumer(watcher))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { }).getResponseBody()
                .filter(event -> event.data() != null)
                .subscribe(event -> received.add(new Received(System.currentTimeMillis(), event.data().get("status").stringValue(),
                        event.data().has("position") ? event.data().get("position").asLong() : null)));
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
            assertThat(received.get(0)).extracting(Received::status, Received::position).containsExactly("QUEUED", 4L);

            // The line moves three times within about a second: positions 3, 2, 1 happen, but the stream is sent at
            // most one position per interval, so it reaches 1 in at most two events, at least an interval apart.
            for (UUID consumer : ahead) {
                admit(queue, consumer);
                Thread.sleep(400);
            }
            await().atMost(POSITION_INTERVAL.multipliedBy(3))
                    .until(() -> received.get(received.size() - 1).position() != null && received.get(received.size() - 1).position() == 1L);
            List<Received> moves = received.subList(1, received.size());
            assertThat(moves).hasSizeBetween(1, 2).allMatch(event -> event.status().equals("QUEUED"));
            if (moves.size() == 2) {
                assertThat(moves.get(1).atMillis() - moves.get(0).atMillis()).isGreaterThanOrEqualTo(POSITION_INTERVAL.toMillis() - 300);
            }

            // Someone behind leaves: the line "moved", but this consumer's status did not change, so nothing is sent.
            int before = received.size();
            leave(queue, behind);
            await().during(POSITION_INTERVAL.plusSeconds(1)).atMost(POSITION_INTERVAL.plusSeconds(3))
                    .until(() -> received.size() == before);
            assertThat(received).hasSize(before);

            // The consumer's own admission is sent at once, not at the next position sweep.
            long admitted = System.currentTimeMillis();
            admit(queue, watcher);
            await().atMost(Duration.ofSeconds(2)).until(() -> received.get(received.size() - 1).status().equals("GRANTED"));
            assertThat(received.get(received.size() - 1).atMillis() - admitted).isLessThan(1500);
        } finally {
            stream.dispose();
        }
    }

    private void enter(String queue, UUID consumer) {
        http.post().uri("/api/v1/queues/{id}/enter", queue).header(InternalContext.HEADER, consumer(consumer)).exchange()
                .expectStatus().isOk();
    }

    private void leave(String queue, UUID consumer) {
        http.post().uri("/api/v1/queues/{id}/leave", queue).header(InternalContext.HEADER, consumer(consumer)).exchange()
                .expectStatus().isOk();
    }

    private void admit(String queue, UUID consumer) {
        http.post().uri("/api/v1/queues/{id}/admit", queue).header(InternalContext.HEADER, TestContexts.admin(org))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerId", Ids.format("cons", consumer))).exchange()
                .expectStatus().isOk();
    }

    private String consumer(UUID consumer) {
        return TestContexts.consumer(org, consumer);
    }
}
