package io.dropline.experiences.access.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A queue's open and close on the distribution core's timers: armed with the row, events written once. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.distribution.timers.poll-interval=100ms")
@AutoConfigureWebTestClient
class QueueTimersIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    AdminCalls api;
    String sequenceId;
    String experienceId;

    @BeforeEach
    void newTenantWithASequence() {
        org = UUID.randomUUID();
        api = new AdminCalls(http, db, TestContexts.admin(org));
        experienceId = api.post("/api/v1/experiences", Map.of("name", "Drop", "timeZone", "Europe/Berlin")).get("id").stringValue();
        sequenceId = api.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
    }

    @Test
    void whenAQueueOpensAndClosesThenEachEventIsWrittenOnceWithTheTimesOfTheRow() {
        Instant openAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        Instant closeAt = openAt.plusSeconds(1);
        String id = api.post("/api/v1/queues", queue("openAt", openAt.toString(), "closeAt", closeAt.toString())).get("id").stringValue();
        assertThat(due(id, "open")).isEqualTo(openAt);
        assertThat(due(id, "close")).isEqualTo(closeAt);
        assertThat(events(id, "distribution.opened")).isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> events(id, "distribution.closed").size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> events(id, "distribution.opened").size() == 1 && events(id, "distribution.closed").size() == 1);
        JsonNode opened = events(id, "distribution.opened").get(0);
        assertThat(opened.get("distributionId").stringValue()).isEqualTo(id);
        assertThat(opened.get("distributionType").stringValue()).isEqualTo("queue");
        assertThat(opened.get("sequenceId").stringValue()).isEqualTo(sequenceId);
        assertThat(opened.get("experienceId").stringValue()).isEqualTo(experienceId);
        assertThat(Instant.parse(opened.get("openedAt").stringValue())).isEqualTo(openAt);
        JsonNode closed = events(id, "distribution.closed").get(0);
        assertThat(Instant.parse(closed.get("closedAt").stringValue())).isEqualTo(closeAt);
        assertThat(closed.get("totalParticipants").longValue()).isZero();
        api.expectCount("SELECT count(*) FROM outbox WHERE aggregate_id = '" + id + "' AND aggregate_type = 'queue' "
                + "AND type LIKE 'distribution.%' AND organization_id = '" + org + "'", 2);
    }

    @Test
    void whenOpenAtOrCloseAtChangeThenTheTimersMoveAndAStopClosesAtOnceWithoutOpening() {
        Instant openAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = api.post("/api/v1/queues", queue("openAt", openAt.toString())).get("id").stringValue();
        assertThat(due(id, "open")).isEqualTo(openAt);
        assertThat(due(id, "close")).isNull();

        api.put("/api/v1/queues/" + id, Map.of("openAt", openAt.plusSeconds(3600).toString(), "closeAt", openAt.plusSeconds(7200).toString()));
        assertThat(due(id, "open")).isEqualTo(openAt.plusSeconds(3600));
        assertThat(due(id, "close")).isEqualTo(openAt.plusSeconds(7200));

        JsonNode stopped = api.put("/api/v1/queues/" + id, Map.of("statusOverride", "ended"));
        Instant stoppedAt = Instant.parse(stopped.get("statusOverrideAt").stringValue());
        assertThat(due(id, "open")).isNull();
        assertThat(due(id, "close")).isEqualTo(stoppedAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> events(id, "distribution.closed").size() == 1);
        assertThat(Instant.parse(events(id, "distribution.closed").get(0).get("closedAt").stringValue())).isEqualTo(stoppedAt);
        assertThat(events(id, "distribution.opened")).isEmpty();
    }

    @Test
    void whenAQueueWithoutOpenAtIsCreatedThenItOpensAtItsCreationAndDeletingOneDropsItsTimers() {
        JsonNode created = api.post("/api/v1/queues", queue());
        String id = created.get("id").stringValue();
        await().atMost(Duration.ofSeconds(10)).until(() -> events(id, "distribution.opened").size() == 1);
        assertThat(Instant.parse(events(id, "distribution.opened").get(0).get("openedAt").stringValue()))
                .isEqualTo(Instant.parse(created.get("createdAt").stringValue()));

        String later = api.post("/api/v1/queues", queue("openAt", "2031-01-01T00:00:00Z", "closeAt", "2031-01-02T00:00:00Z"))
                .get("id").stringValue();
        assertThat(due(later, "open")).isNotNull();
        api.send("DELETE", "/api/v1/queues/" + later, null).expectStatus().isOk();
        api.expectCount("SELECT count(*) FROM distribution_timers WHERE distribution_id = '" + uuid(later) + "'", 0);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private Map<String, Object> queue(Object... pairs) {
        Map<String, Object> body = new HashMap<>(Map.of("sequenceId", sequenceId, "name", "Main", "admitRate", 60));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private Instant due(String queueId, String kind) {
        return db.sql("SELECT due_at FROM distribution_timers WHERE distribution_id = :id AND kind = :kind")
                .bind("id", uuid(queueId))
                .bind("kind", kind)
                .map(row -> row.get("due_at", Instant.class))
                .one()
                .block();
    }

    private List<JsonNode> events(String queueId, String type) {
        return db.sql("SELECT payload::text AS payload FROM outbox WHERE aggregate_id = :id AND type = :type")
                .bind("id", queueId)
                .bind("type", type)
                .map(row -> JsonMapper.shared().readTree(row.get("payload", String.class)))
                .all()
                .collectList()
                .block();
    }

    private static UUID uuid(String queueId) {
        return Ids.parse("queue", queueId).orElseThrow();
    }
}
