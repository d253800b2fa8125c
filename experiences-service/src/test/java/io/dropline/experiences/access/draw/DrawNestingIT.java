package io.dropline.experiences.access.draw;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * Draws where the rest of the access wing meets them: nested in {@code POST /experiences} and {@code POST /sequences},
 * routing through sequences, the participations behind {@code /consumers/me}, and deletes of their parents.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class DrawNestingIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences", TestInfra.freshDatabase("experiences"), TestInfra.freshRedisNamespace());
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    DrawCalls calls;

    @BeforeEach
    void tenant() {
        calls = new DrawCalls(http, db, UUID.randomUUID());
    }

    private static String later() {
        return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void whenAnExperienceIsCreatedWithNestedDrawsThenTheyExistAndRoutingReachesThem() {
        JsonNode experience = calls.post("/api/v1/experiences", Map.of("name", "Raffle night", "sequence", Map.of("name", "General",
                "draws", List.of(Map.of("name", "Raffle", "drawAt", later(), "winnerCount", 2)))));
        JsonNode draw = experience.get("distributions").get(0);
        assertThat(draw.get("type").asString()).isEqualTo("draw");
        assertThat(draw.get("seedCommitment").asString()).matches("[0-9a-f]{64}");
        String drawId = draw.get("id").asString();
        String experienceId = experience.get("id").asString();

        // Routing: the sequence is open through its draw.
        UUID consumer = UUID.randomUUID();
        JsonNode routed = calls.ok("POST", "/api/v1/experiences/" + experienceId + "/route", Map.of(), calls.consumer(consumer));
        assertThat(routed.get("outcome").asString()).isEqualTo("routed");
        assertThat(routed.at("/selected/sequence/availability").asString()).isEqualTo("open");

        // The participations behind /consumers/me list the live entry.
        String entryId = calls.enter(drawId, consumer).get("entryId").asString();
        JsonNode active = calls.ok("GET", "/internal/participations/" + Ids.format("cons", consumer), null, internal());
        assertThat(active.get("draws").get(drawId).get("status").asString()).isEqualTo("ENTERED");
        assertThat(active.get("draws").get(drawId).get("entryId").asString()).isEqualTo(entryId);
        assertThat(active.get("draws").get(drawId).get("sequenceId").asString()).isEqualTo(experience.at("/sequences/0/id").asString());
        assertThat(active.get("queues").propertyNames()).isEmpty();

        // A live entry keeps the experience and its sequence from being deleted.
        calls.call("DELETE", "/api/v1/experiences/" + experienceId, null, calls.admin()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("EXPERIENCE_ACTIVE");
        calls.call("DELETE", "/api/v1/sequences/" + experience.at("/sequences/0/id").asString(), null, calls.admin())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("SEQUENCE_ACTIVE");
    }

    @Test
    void whenASequenceIsCreatedWithDrawsThenTheyAreInsertedInItsTransaction() {
        String experienceId = calls.post("/api/v1/experiences", Map.of("name", "Drop")).get("id").asString();
        JsonNode sequence = calls.post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "Members",
                "draws", List.of(Map.of("name", "A", "drawAt", later(), "winnerCount", 1), Map.of("name", "B", "drawAt", later(), "winnerCount", 3))));
        JsonNode listed = calls.ok("GET", "/api/v1/draws?sequenceId=" + sequence.get("id").asString(), null, calls.admin());
        assertThat(listed.get("data")).hasSize(2);
        assertThat(listed.get("data").get(0).get("seedCommitment").asString())
                .isNotEqualTo(listed.get("data").get(1).get("seedCommitment").asString());
    }

    @Test
    void whenANestedDrawIsInvalidThenNothingIsWrittenAndEveryProblemIsListed() {
        JsonNode problems = calls.call("POST", "/api/v1/experiences", Map.of("name", "Bad", "sequence", Map.of("name", "General",
                        "draws", List.of(Map.of("name", "Late", "drawAt", "2001-01-01T00:00:00Z", "winnerCount", 0)))), calls.admin())
                .expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(problems.toString()).contains("sequence.draws[0].winnerCount").contains("sequence.draws[0].drawAt");
        String experienceId = calls.post("/api/v1/experiences", Map.of("name", "Drop")).get("id").asString();
        calls.call("POST", "/api/v1/sequences", Map.of("experienceId", experienceId, "name", "S", "draws", "many"), calls.admin())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("draws");
        calls.call("POST", "/api/v1/sequences", Map.of("experienceId", experienceId, "name", "S",
                        "draws", List.of(Map.of("name", "X", "drawAt", later(), "winnerCount", 1, "closeAt",
                                Instant.now().plus(2, ChronoUnit.HOURS).toString()))), calls.admin())
                .expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("draws[0].drawAt");
        assertThat(calls.ok("GET", "/api/v1/draws", null, calls.admin()).get("data")).isEmpty();
        assertThat(calls.ok("GET", "/api/v1/sequences?experienceId=" + experienceId, null, calls.admin()).get("data")).isEmpty();
    }

    private String internal() {
        return CODEC.sign(CODEC.create(calls.org(), Environment.LIVE, ApiSurface.INTERNAL, Principal.service("consumer-service"),
                "req-" + UUID.randomUUID()));
    }
}
