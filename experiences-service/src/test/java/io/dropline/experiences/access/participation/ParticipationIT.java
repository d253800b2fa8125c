package io.dropline.experiences.access.participation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
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

/** {@code GET /internal/participations/{consumerId}} against real PostgreSQL and Redis, after joins through the Consumer API. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ParticipationIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    UUID org;
    AdminCalls admin;
    UUID consumer;

    @BeforeEach
    void newTenantAndConsumer() {
        org = UUID.randomUUID();
        admin = new AdminCalls(http, db, TestContexts.admin(org));
        consumer = Ids.newUuid();
    }

    private static String internal(UUID organization, Environment environment) {
        return CODEC.sign(CODEC.create(organization, environment, ApiSurface.INTERNAL, Principal.service("consumer-service"),
                "req-" + UUID.randomUUID()));
    }

    /** Experience, sequence and a slow queue (one admission a minute), through the Admin API; returns their ids. */
    private Map<String, String> slowQueue() {
        String experience = admin.post("/api/v1/experiences", Map.of("name", "Drop", "timeZone", "Europe/Berlin")).get("id").stringValue();
        String sequence = admin.post("/api/v1/sequences", Map.of("experienceId", experience, "name", "General", "priority", 1))
                .get("id").stringValue();
        String queue = admin.post("/api/v1/queues", Map.of("sequenceId", sequence, "name", "Line", "admitRate", 1, "capacity", 500))
                .get("id").stringValue();
        return Map.of("experience", experience, "sequence", sequence, "queue", queue);
    }

    private void enter(String queueId, UUID who) {
        http.post().uri("/api/v1/queues/{id}/enter", queueId).header(InternalContext.HEADER, TestContexts.consumer(org, who))
                .exchange().expectStatus().isOk();
    }

    private JsonNode participations(String context, UUID who) {
        return http.get().uri("/internal/participations/{id}", Ids.format("cons", who)).header(InternalContext.HEADER, context)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void whenConsumerWaitsInAQueueThenTheInternalViewShowsItQueuedWithAPositionAndWhereItSits() {
        Map<String, String> ids = slowQueue();
        // Two consumers ahead keep ours waiting whatever the admission ticker does meanwhile.
        enter(ids.get("queue"), Ids.newUuid());
        enter(ids.get("queue"), Ids.newUuid());
        enter(ids.get("queue"), consumer);

        JsonNode body = participations(internal(org, Environment.LIVE), consumer);

        assertThat(body.get("consumerId").stringValue()).isEqualTo(Ids.format("cons", consumer));
        assertThat(body.get("queues").propertyNames()).containsExactly(ids.get("queue"));
        JsonNode queue = body.get("queues").get(ids.get("queue"));
        assertThat(queue.get("queueId").stringValue()).isEqualTo(ids.get("queue"));
        assertThat(queue.get("status").stringValue()).isEqualTo("QUEUED");
        assertThat(queue.get("position").longValue()).isBetween(1L, 3L);
        assertThat(queue.get("estimatedWaitTimeInSeconds").longValue()).isPositive();
        assertThat(queue.get("experienceId").stringValue()).isEqualTo(ids.get("experience"));
        assertThat(queue.get("sequenceId").stringValue()).isEqualTo(ids.get("sequence"));
    }

    @Test
    void whenConsumerLeftAQueueThenItIsNoLongerActive() {
        Map<String, String> kept = slowQueue();
        Map<String, String> left = slowQueue();
        enter(kept.get("queue"), Ids.newUuid());
        enter(kept.get("queue"), consumer);
        enter(left.get("queue"), Ids.newUuid());
        enter(left.get("queue"), consumer);
        http.post().uri("/api/v1/queues/{id}/leave", left.get("queue")).header(InternalContext.HEADER, TestContexts.consumer(org, consumer))
                .exchange().expectStatus().isOk();

        assertThat(participations(internal(org, Environment.LIVE), consumer).get("queues").propertyNames())
                .containsExactly(kept.get("queue"));
    }

    @Test
    void whenConsumerTakesPartNowhereThenEmptyQueues() {
        JsonNode body = participations(internal(org, Environment.LIVE), consumer);
        assertThat(body.get("queues").isObject()).isTrue();
        assertThat(body.get("queues").isEmpty()).isTrue();
    }

    @Test
    void whenAnotherTenantOrEnvironmentAsksThenItSeesNothing() {
        Map<String, String> ids = slowQueue();
        enter(ids.get("queue"), Ids.newUuid());
        enter(ids.get("queue"), consumer);

        assertThat(participations(internal(UUID.randomUUID(), Environment.LIVE), consumer).get("queues").isEmpty()).isTrue();
        assertThat(participations(internal(org, Environment.TEST), consumer).get("queues").isEmpty()).isTrue();
        assertThat(participations(internal(org, Environment.LIVE), consumer).get("queues").propertyNames()).containsExactly(ids.get("queue"));
    }

    @Test
    void whenNotTheInternalSurfaceThen404() {
        String path = "/internal/participations/" + Ids.format("cons", consumer);
        http.get().uri(path).header(InternalContext.HEADER, TestContexts.admin(org)).exchange().expectStatus().isNotFound();
        http.get().uri(path).header(InternalContext.HEADER, TestContexts.consumer(org, consumer)).exchange().expectStatus().isNotFound();
        http.get().uri(path).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void whenConsumerIdIsMalformedThen400() {
        String context = internal(org, Environment.LIVE);
        for (String id : new String[] {"nope", Ids.newId("exp"), "cons_"}) {
            http.get().uri("/internal/participations/{id}", id).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isBadRequest();
        }
    }
}
