package io.dropline.experiences.access.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
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
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Draws against real PostgreSQL and Redis, one in-process instance of experiences-service running the timers. */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dropline.distribution.timers.poll-interval=100ms", "dropline.draw.stream-interval=200ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class DrawApiIT {

    static String namespace;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "experiences", TestInfra.freshDatabase("experiences"), namespace);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    StatefulRedisConnection<String, String> redis;

    DrawCalls calls;
    String sequence;

    @BeforeEach
    void tenant() {
        calls = new DrawCalls(http, db, UUID.randomUUID());
        sequence = calls.sequence();
    }

    private Instant later() {
        return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void whenADrawIsCreatedThenItCommitsToItsSeedAndShowsNoSeed() {
        JsonNode draw = calls.draw(sequence, later(), 2, Map.of("admissionExpirationSeconds", 600));
        assertThat(draw.get("id").asString()).startsWith("draw_");
        assertThat(draw.get("seedCommitment").asString()).matches("[0-9a-f]{64}");
        assertThat(draw.has("seed")).isFalse();
        assertThat(draw.get("status").asString()).isEqualTo("OPEN");
        String id = draw.get("id").asString();
        JsonNode publicView = calls.ok("GET", "/api/v1/draws/" + id, null, calls.consumer(UUID.randomUUID()));
        assertThat(publicView.get("seedCommitment").asString()).isEqualTo(draw.get("seedCommitment").asString());
        assertThat(publicView.has("seed")).isFalse();
        assertThat(publicView.get("status").asString()).isEqualTo("OPEN");
        // The admin list, the distributions view and include= show it.
        assertThat(calls.ok("GET", "/api/v1/draws", null, calls.admin()).get("data").get(0).get("id").asString()).isEqualTo(id);
        JsonNode distributions = calls.ok("GET", "/api/v1/distributions?type=draw", null, calls.admin());
        assertThat(distributions.get("data").get(0).get("type").asString()).isEqualTo("draw");
        assertThat(distributions.get("data").get(0).get("id").asString()).isEqualTo(id);
        assertThat(calls.ok("GET", "/api/v1/distributions/" + id, null, calls.admin()).get("seedCommitment").asString())
                .isEqualTo(draw.get("seedCommitment").asString());
        String experience = draw.get("experienceId").asString();
        JsonNode included = calls.ok("GET", "/api/v1/experiences/" + experience + "?include=distributions", null, calls.admin());
        assertThat(included.get("distributions").get(0).get("id").asString()).isEqualTo(id);
        // The seed cannot change: 409, nothing changed.
        calls.call("PUT", "/api/v1/draws/" + id, Map.of("seed", "00"), calls.admin()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SEED_IMMUTABLE");
        calls.call("PUT", "/api/v1/draws/" + id, Map.of("seedCommitment", "ab".repeat(32)), calls.admin()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SEED_IMMUTABLE");
        JsonNode renamed = calls.ok("PUT", "/api/v1/draws/" + id,
                Map.of("name", "Renamed", "seedCommitment", draw.get("seedCommitment").asString()), calls.admin());
        assertThat(renamed.get("seedCommitment").asString()).isEqualTo(draw.get("seedCommitment").asString());
        assertThat(renamed.get("name").asString()).isEqualTo("Renamed");
    }

    @Test
    void whenConsumersEnterThenEachHasOneEntryWithItsOwnIdAndEnteringAgainChangesNothing() {
        String draw = calls.draw(sequence, later(), 1, Map.of()).get("id").asString();
        UUID consumer = UUID.randomUUID();
        JsonNode first = calls.enter(draw, consumer);
        assertThat(first.get("status").asString()).isEqualTo("ENTERED");
        assertThat(first.get("entryId").asString()).startsWith("dentry_");
        JsonNode again = calls.enter(draw, consumer);
        assertThat(again.get("entryId").asString()).isEqualTo(first.get("entryId").asString());
        assertThat(calls.status(draw, consumer).get("entryId").asString()).isEqualTo(first.get("entryId").asString());
        assertThat(calls.status(draw, UUID.randomUUID()).get("status").asString()).isEqualTo("NOT_ENTERED");
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d", draw)).isEqualTo(1);
        assertThat(calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.consumer.entered' AND aggregate_id = :d", draw)).isEqualTo(1);
        // Leaving before the draw, then entering again: a new entry id (so a new key).
        JsonNode left = calls.ok("POST", "/api/v1/draws/" + draw + "/leave", null, calls.consumer(consumer));
        assertThat(left.get("status").asString()).isEqualTo("NOT_ENTERED");
        calls.call("POST", "/api/v1/draws/" + draw + "/leave", null, calls.consumer(consumer)).expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").exists();
        JsonNode back = calls.enter(draw, consumer);
        assertThat(back.get("status").asString()).isEqualTo("ENTERED");
        assertThat(back.get("entryId").asString()).isNotEqualTo(first.get("entryId").asString());
        assertThat(calls.ok("GET", "/api/v1/draws/" + draw, null, calls.admin()).get("entrantCount").asInt()).isEqualTo(1);
    }

    @Test
    void whenTheDrawRunsThenTheFirstWinnerCountByKeyWinAndAnyoneCanRecomputeIt() throws Exception {
        String draw = calls.draw(sequence, later(), 3, Map.of("admissionExpirationSeconds", 600)).get("id").asString();
        List<UUID> consumers = IntStream.range(0, 25).mapToObj(i -> UUID.randomUUID()).toList();
        Map<String, UUID> byEntry = new HashMap<>();
        consumers.forEach(consumer -> byEntry.put(calls.enter(draw, consumer).get("entryId").asString(), consumer));
        calls.call("GET", "/api/v1/draws/" + draw + "/results", null, calls.consumer(UUID.randomUUID())).expectStatus().isEqualTo(423)
                .expectHeader().exists("Retry-After").expectBody().jsonPath("$.code").isEqualTo("DRAW_NOT_DRAWN");

        calls.drawNow(draw);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.drawn(draw));

        List<JsonNode> entries = new ArrayList<>();
        List<JsonNode> pages = calls.results(draw, 7, entries);
        assertThat(pages).hasSize(4);
        DrawVerifier.Recomputed recomputed = DrawVerifier.verify(pages.get(0), entries);
        assertThat(recomputed.winners()).hasSize(3);
        // Saved as published, for docs/verify-draw.py (run by hand: python3 docs/verify-draw.py <this file>).
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "draw-results-sample.json"), pages.toString());
        // The stored outcome is the recomputed one: winners hold grants, everyone else lost.
        for (String entryId : recomputed.order()) {
            JsonNode status = calls.status(draw, byEntry.get(entryId));
            if (recomputed.winners().contains(entryId)) {
                assertThat(status.get("status").asString()).isEqualTo("WON");
                assertThat(status.get("admissionGrant").asString()).contains(".");
                assertThat(status.get("expiresAt").asString()).isNotBlank();
            } else {
                assertThat(status.get("status").asString()).isEqualTo("LOST");
            }
            assertThat(status.get("entryId").asString()).isEqualTo(entryId);
        }
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status = 'WON'", draw)).isEqualTo(3);
        assertThat(calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.consumer.won' AND aggregate_id = :d", draw)).isEqualTo(3);
        assertThat(calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.completed' AND aggregate_id = :d", draw)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.consumer.lost' AND aggregate_id = :d", draw) == 22);
        // Closed now: entering answers 400 "Draw is closed", an update 409, leaving 400; the admin view says DRAWN.
        calls.call("POST", "/api/v1/draws/" + draw + "/enter", null, calls.consumer(UUID.randomUUID())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Draw is closed");
        calls.call("PUT", "/api/v1/draws/" + draw, Map.of("winnerCount", 10), calls.admin()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo("Cannot update closed distribution");
        calls.call("POST", "/api/v1/draws/" + draw + "/leave", null, calls.consumer(consumers.get(0))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("DRAW_CLOSED");
        assertThat(calls.ok("GET", "/api/v1/draws/" + draw, null, calls.admin()).get("status").asString()).isEqualTo("DRAWN");
        // The admin's consumer list names the outcome.
        JsonNode won = calls.ok("GET", "/api/v1/distributions/" + draw + "/consumers?status=WON", null, calls.admin());
        assertThat(won.get("data")).hasSize(3);
        JsonNode lost = calls.ok("GET", "/api/v1/distributions/" + draw + "/consumers?status=LOST&first=100", null, calls.admin());
        assertThat(lost.get("data")).hasSize(22);
    }

    @Test
    void whenEntrantsAreNoMoreThanWinnerCountThenEveryoneWins() throws Exception {
        String draw = calls.draw(sequence, later(), 5, Map.of()).get("id").asString();
        List<UUID> consumers = IntStream.range(0, 4).mapToObj(i -> UUID.randomUUID()).toList();
        consumers.forEach(consumer -> calls.enter(draw, consumer));
        calls.drawNow(draw);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.drawn(draw));
        consumers.forEach(consumer -> assertThat(calls.status(draw, consumer).get("status").asString()).isEqualTo("WON"));
        List<JsonNode> entries = new ArrayList<>();
        DrawVerifier.verify(calls.results(draw, 1000, entries).get(0), entries);
    }

    @Test
    void whenAWinnersWindowLapsesThenTheNextEntryByKeyIsBackfilledAndCompletionsNeverExceedWinnerCount() throws Exception {
        String draw = calls.draw(sequence, later(), 2, Map.of("admissionExpirationSeconds", 2, "continueSelectingUntilCompleted", true))
                .get("id").asString();
        List<UUID> consumers = IntStream.range(0, 6).mapToObj(i -> UUID.randomUUID()).toList();
        Map<String, UUID> byEntry = new HashMap<>();
        consumers.forEach(consumer -> byEntry.put(calls.enter(draw, consumer).get("entryId").asString(), consumer));
        calls.drawNow(draw);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.drawn(draw));
        List<JsonNode> entries = new ArrayList<>();
        List<String> order = DrawVerifier.verify(calls.results(draw, 1000, entries).get(0), entries).order();
        // The first winner completes; the second lets the window lapse.
        UUID first = byEntry.get(order.get(0));
        String grant = calls.status(draw, first).get("admissionGrant").asString();
        JsonNode valid = calls.ok("POST", "/api/v1/draws/" + draw + "/validate", Map.of("consumerId", cons(first), "admissionGrant", grant), calls.admin());
        assertThat(valid.get("valid").asBoolean()).isTrue();
        JsonNode completed = calls.ok("POST", "/api/v1/draws/" + draw + "/complete", Map.of("consumerId", cons(first), "admissionGrant", grant), calls.admin());
        assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
        calls.call("POST", "/api/v1/draws/" + draw + "/complete", Map.of("consumerId", cons(first), "admissionGrant", grant), calls.admin())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_COMPLETED");
        // The lapse of the second winner backfills the third entry by key, then that one lapses too: the fourth.
        await().atMost(Duration.ofSeconds(20)).until(() -> "WON".equals(calls.status(draw, byEntry.get(order.get(2))).get("status").asString())
                || "DENIED".equals(calls.status(draw, byEntry.get(order.get(2))).get("status").asString()));
        assertThat(calls.status(draw, byEntry.get(order.get(1))).get("reason").asString()).isEqualTo("ADMISSION_EXPIRED");
        UUID backfilled = byEntry.get(order.get(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d "
                + "AND selection IS NOT NULL", draw) >= 4);
        // At every moment: live grants + completions <= winnerCount; the selection follows the key order exactly.
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status IN ('WON', 'COMPLETED')", draw)).isLessThanOrEqualTo(2);
        List<JsonNode> after = new ArrayList<>();
        JsonNode page = calls.results(draw, 1000, after).get(0);
        DrawVerifier.verify(page, after);
        assertThat(page.get("backfills").get(0).asString()).isEqualTo(order.get(2));
        assertThat(backfilled).isNotNull();
        // Complete the live backfill: then two completions, the draw COMPLETED, and nothing more is selected.
        await().atMost(Duration.ofSeconds(20)).until(() -> liveWinner(draw, byEntry) != null || isCompleted(draw));
        UUID live = liveWinner(draw, byEntry);
        if (live != null) {
            String liveGrant = calls.status(draw, live).get("admissionGrant").asString();
            calls.call("POST", "/api/v1/draws/" + draw + "/complete", Map.of("consumerId", cons(live), "admissionGrant", liveGrant), calls.admin())
                    .expectBody(JsonNode.class).returnResult();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> isCompleted(draw));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status = 'COMPLETED'", draw) <= 2
                        && calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status IN ('WON', 'COMPLETED')", draw) <= 2);
    }

    private UUID liveWinner(String draw, Map<String, UUID> byEntry) {
        for (UUID consumer : byEntry.values()) {
            if ("WON".equals(calls.status(draw, consumer).get("status").asString())) {
                return consumer;
            }
        }
        return null;
    }

    private boolean isCompleted(String draw) {
        return "COMPLETED".equals(calls.ok("GET", "/api/v1/draws/" + draw, null, calls.admin()).get("status").asString());
    }

    @Test
    void whenLoyaltyBiasIsOnThenWeightsArePublishedAndTheWeightedRuleRecomputesTheWinners() throws Exception {
        // Three consumers lose a first draw; in the second, their weight is 2.
        List<UUID> losers = IntStream.range(0, 6).mapToObj(i -> UUID.randomUUID()).toList();
        String warmUp = calls.draw(sequence, later(), 1, Map.of()).get("id").asString();
        losers.forEach(consumer -> calls.enter(warmUp, consumer));
        calls.drawNow(warmUp);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.drawn(warmUp));

        String draw = calls.draw(sequence, later(), 3, Map.of("loyaltyBiasEnabled", true)).get("id").asString();
        losers.forEach(consumer -> calls.enter(draw, consumer));
        IntStream.range(0, 6).forEach(i -> calls.enter(draw, UUID.randomUUID()));
        calls.drawNow(draw);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.drawn(draw));
        List<JsonNode> entries = new ArrayList<>();
        JsonNode first = calls.results(draw, 1000, entries).get(0);
        assertThat(first.get("rule").asString()).isEqualTo(DrawResults.RULE_WEIGHTED);
        assertThat(entries.stream().filter(entry -> entry.get("weight").asInt() == 2).count()).isEqualTo(5);
        assertThat(entries.stream().filter(entry -> entry.get("weight").asInt() == 1).count()).isEqualTo(7);
        DrawVerifier.verify(first, entries);
    }

    @Test
    void whenTheDrawIsNotOpenYetOrClosedThenEnteringIsRefusedAsDocumented() {
        Instant openAt = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String upcoming = calls.draw(sequence, later(), 1, Map.of("openAt", openAt.toString())).get("id").asString();
        calls.call("POST", "/api/v1/draws/" + upcoming + "/enter", null, calls.consumer(UUID.randomUUID())).expectStatus().isEqualTo(423)
                .expectHeader().exists("Retry-After").expectBody().jsonPath("$.error").isEqualTo("Draw is not open yet");
        String stopped = calls.draw(sequence, later(), 1, Map.of()).get("id").asString();
        UUID early = UUID.randomUUID();
        calls.enter(stopped, early);
        calls.ok("PUT", "/api/v1/draws/" + stopped, Map.of("statusOverride", "ended"), calls.admin());
        JsonNode never = calls.status(stopped, early);
        assertThat(never.get("status").asString()).isEqualTo("DENIED");
        assertThat(never.get("reason").asString()).isEqualTo("DRAW_CLOSED");
        calls.call("POST", "/api/v1/draws/" + stopped + "/enter", null, calls.consumer(UUID.randomUUID())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Draw is closed");
        String members = calls.draw(sequence, later(), 1, Map.of("supportsGuest", false)).get("id").asString();
        calls.call("POST", "/api/v1/draws/" + members + "/enter", null, calls.guest(UUID.randomUUID())).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("GUEST_NOT_ALLOWED");
        String small = calls.draw(sequence, later(), 1, Map.of("capacity", 1)).get("id").asString();
        calls.enter(small, UUID.randomUUID());
        calls.call("POST", "/api/v1/draws/" + small + "/enter", null, calls.consumer(UUID.randomUUID())).expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.code").isEqualTo("DRAW_FULL");
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d", small)).isEqualTo(1);
    }

    @Test
    void whenRedisLosesEverythingThenEntriesStatusesAndResultsComeFromPostgreSql() throws Exception {
        String draw = calls.draw(sequence, later(), 2, Map.of()).get("id").asString();
        List<UUID> consumers = IntStream.range(0, 8).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, String> entryOf = new HashMap<>();
        consumers.forEach(consumer -> entryOf.put(consumer, calls.enter(draw, consumer).get("entryId").asString()));
        deleteAllKeys();
        consumers.forEach(consumer -> assertThat(calls.status(draw, consumer).get("entryId").asString()).isEqualTo(entryOf.get(consumer)));
        calls.drawNow(draw);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.drawn(draw));
        deleteAllKeys();
        List<JsonNode> entries = new ArrayList<>();
        DrawVerifier.Recomputed recomputed = DrawVerifier.verify(calls.results(draw, 3, entries).get(0), entries);
        assertThat(recomputed.order()).containsExactlyInAnyOrderElementsOf(entryOf.values());
        long winners = consumers.stream().filter(consumer -> calls.status(draw, consumer).get("status").asString().equals("WON")).count();
        assertThat(winners).isEqualTo(2);
    }

    @Test
    void whenAConsumerWatchesTheStatusStreamThenTheyGetEnteredThenTheOutcome() {
        String draw = calls.draw(sequence, later(), 5, Map.of()).get("id").asString();
        UUID consumer = UUID.randomUUID();
        calls.enter(draw, consumer);
        var events = http.get().uri("/api/v1/draws/{id}/status", draw).header(InternalContext.HEADER, calls.consumer(consumer))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { })
                .getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().get("status").asString());
        StepVerifier.create(events)
                .expectNext("ENTERED")
                .then(() -> calls.drawNow(draw))
                .expectNext("WON")
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void whenAnotherOrganizationOrTheTestEnvironmentUsesADrawIdThenEveryRouteAnswersNotFound() {
        String draw = calls.draw(sequence, later(), 1, Map.of()).get("id").asString();
        UUID consumer = UUID.randomUUID();
        calls.enter(draw, consumer);
        UUID other = UUID.randomUUID();
        List<String> admins = List.of(TestContexts.admin(other), TestContexts.admin(calls.org(), Environment.TEST));
        List<String> consumers = List.of(TestContexts.consumer(other, consumer),
                TestContexts.consumer(calls.org(), Environment.TEST, consumer, false));
        Map<String, Object> action = Map.of("consumerId", cons(consumer));
        for (String admin : admins) {
            notFound(calls.call("GET", "/api/v1/draws/" + draw, null, admin));
            notFound(calls.call("PUT", "/api/v1/draws/" + draw, Map.of("name", "Mine"), admin));
            notFound(calls.call("DELETE", "/api/v1/draws/" + draw, null, admin));
            notFound(calls.call("POST", "/api/v1/draws/" + draw + "/deny", action, admin));
            notFound(calls.call("POST", "/api/v1/draws/" + draw + "/complete", action, admin));
            notFound(calls.call("POST", "/api/v1/draws/" + draw + "/validate", Map.of("consumerId", cons(consumer), "admissionGrant", "x.y.z"), admin));
            notFound(calls.call("GET", "/api/v1/draws/" + draw + "/results", null, admin));
            notFound(calls.call("GET", "/api/v1/distributions/" + draw, null, admin));
            notFound(calls.call("GET", "/api/v1/distributions/" + draw + "/consumers", null, admin));
            assertThat(calls.ok("GET", "/api/v1/draws", null, admin).get("data")).isEmpty();
        }
        for (String foreign : consumers) {
            notFound(calls.call("GET", "/api/v1/draws/" + draw, null, foreign));
            notFound(calls.call("POST", "/api/v1/draws/" + draw + "/enter", null, foreign));
            notFound(calls.call("POST", "/api/v1/draws/" + draw + "/leave", null, foreign));
            notFound(calls.call("GET", "/api/v1/draws/" + draw + "/status", null, foreign));
            notFound(calls.call("GET", "/api/v1/draws/" + draw + "/results", null, foreign));
        }
        // Nothing changed: the one entry is still there, the draw has its name.
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status = 'ENTERED'", draw)).isEqualTo(1);
        assertThat(calls.ok("GET", "/api/v1/draws/" + draw, null, calls.admin()).get("name").asString()).isEqualTo("Sneaker raffle");
    }

    @Test
    void whenInputIsBadOnAnyDrawRouteThenTheAnswerIs4xxInTheApiFormatAndNothingChanges() {
        JsonNode created = calls.draw(sequence, later(), 1, Map.of());
        String draw = created.get("id").asString();
        UUID consumer = UUID.randomUUID();
        calls.enter(draw, consumer);
        String admin = calls.admin();
        List<Object[]> bad = List.of(
                new Object[] {"POST", "/api/v1/draws", Map.of()},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "x", "drawAt", "tomorrow", "winnerCount", 1)},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "x", "drawAt", later().toString(), "winnerCount", 0)},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "x", "drawAt", later().toString(), "winnerCount", "3")},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "x", "drawAt", "2001-01-01T00:00:00Z", "winnerCount", 1)},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "x", "drawAt", later().toString(), "winnerCount", 1,
                        "closeAt", later().plusSeconds(60).toString())},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", "seq_nope", "name", "x", "drawAt", later().toString(), "winnerCount", 1)},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "x".repeat(500), "drawAt", later().toString(), "winnerCount", 1)},
                new Object[] {"POST", "/api/v1/draws", Map.of("sequenceId", sequence, "name", "x", "drawAt", later().toString(), "winnerCount", 1,
                        "seed", "00")},
                new Object[] {"POST", "/api/v1/draws", List.of(1, 2)},
                new Object[] {"PUT", "/api/v1/draws/" + draw, Map.of("winnerCount", -1)},
                new Object[] {"PUT", "/api/v1/draws/" + draw, Map.of("drawAt", "2001-01-01T00:00:00Z")},
                new Object[] {"PUT", "/api/v1/draws/" + draw, Map.of("statusOverride", "paused")},
                new Object[] {"PUT", "/api/v1/draws/" + draw, Map.of("unknown", true)},
                new Object[] {"POST", "/api/v1/draws/" + draw + "/deny", Map.of("consumerId", "nobody")},
                new Object[] {"POST", "/api/v1/draws/" + draw + "/deny", Map.of("consumerId", cons(consumer), "reason", "BECAUSE")},
                new Object[] {"POST", "/api/v1/draws/" + draw + "/complete", Map.of()},
                new Object[] {"POST", "/api/v1/draws/" + draw + "/complete", Map.of("consumerId", cons(consumer), "admissionGrant", "not-a-grant")},
                new Object[] {"POST", "/api/v1/draws/" + draw + "/validate", Map.of("consumerId", 12)},
                new Object[] {"GET", "/api/v1/draws?sortBy=nope", null},
                new Object[] {"GET", "/api/v1/draws?first=0", null},
                new Object[] {"GET", "/api/v1/draws?bogus=1", null},
                new Object[] {"GET", "/api/v1/draws/" + draw + "/results?limit=0", null},
                new Object[] {"GET", "/api/v1/draws/" + draw + "/results?after=XYZ", null},
                new Object[] {"GET", "/api/v1/distributions/" + draw + "/consumers?status=MAYBE", null});
        for (Object[] request : bad) {
            JsonNode answer = calls.call((String) request[0], (String) request[1], request[2], admin).expectStatus().is4xxClientError()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(answer.has("error")).as("%s %s %s: %s", request[0], request[1], request[2], answer).isTrue();
        }
        // Malformed and unknown ids are 404; a body that is not JSON is 4xx.
        notFound(calls.call("GET", "/api/v1/draws/draw_x", null, admin));
        notFound(calls.call("POST", "/api/v1/draws/queue_01JD3Q6Z8WQ0X5T9R2M4N7B1CE/enter", null, calls.consumer(consumer)));
        http.post().uri("/api/v1/draws").header(InternalContext.HEADER, admin).contentType(MediaType.APPLICATION_JSON).bodyValue("{nope")
                .exchange().expectStatus().is4xxClientError().expectBody().jsonPath("$.error").exists();
        // Consumer routes with a secret key: 401, no entry made.
        calls.call("POST", "/api/v1/draws/" + draw + "/enter", null, admin).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("CONSUMER_REQUIRED");
        // Nothing changed.
        assertThat(calls.ok("GET", "/api/v1/draws", null, admin).get("data")).hasSize(1);
        JsonNode after = calls.ok("GET", "/api/v1/draws/" + draw, null, admin);
        assertThat(after.get("winnerCount").asInt()).isEqualTo(1);
        assertThat(after.get("updatedAt").asString()).isEqualTo(created.get("updatedAt").asString());
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status = 'ENTERED'", draw)).isEqualTo(1);
    }

    private static void notFound(WebTestClient.ResponseSpec response) {
        response.expectStatus().isNotFound().expectBody().jsonPath("$.error").exists();
    }

    private static String cons(UUID consumer) {
        return io.dropline.contracts.id.Ids.format("cons", consumer);
    }

    private void deleteAllKeys() {
        var sync = redis.sync();
        var cursor = sync.scan(ScanArgs.Builder.matches(namespace + ":*").limit(1000));
        while (true) {
            if (!cursor.getKeys().isEmpty()) {
                sync.del(cursor.getKeys().toArray(String[]::new));
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = sync.scan(cursor, ScanArgs.Builder.matches(namespace + ":*").limit(1000));
        }
    }
}
