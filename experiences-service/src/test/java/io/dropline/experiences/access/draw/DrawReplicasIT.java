package io.dropline.experiences.access.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.distribution.DistributionRegistry;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.TestTimerRunners;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * Draws on two instances of experiences-service sharing one database and Redis: this test's own (its timer runner
 * built here, so each test decides when it runs) and the packaged jar as a separate process, which one test kills with
 * SIGKILL in the middle of a draw.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.distribution.timers.enabled=false")
@AutoConfigureWebTestClient(timeout = "30s")
class DrawReplicasIT {

    // Long enough to outlast, on a loaded CI machine, everything between the other instance claiming the draw and the
    // survivor's first try (the claim, the kill, the lock's release): with 3 s the lease once lapsed first, and the
    // survivor rightly took the job at once where the test expected it to be refused.
    static final Duration OTHER_LEASE = Duration.ofSeconds(10);

    static String database;
    static String namespace;
    static ServiceProcess other;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = TestInfra.freshDatabase("experiences");
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "experiences", database, namespace);
    }

    @AfterAll
    static void stopOther() {
        if (other != null) {
            other.close();
        }
    }

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    DistributionTimers timers;

    @Autowired
    DistributionRegistry registry;

    @Autowired
    TransactionalOperator transaction;

    DrawCalls calls;
    String sequence;

    @BeforeEach
    void secondInstanceAndATenant() {
        if (other == null || !other.isAlive()) {
            // Started after this instance migrated the database, so the two never race on Flyway.
            other = ServiceProcess.start("experiences-service", database, namespace, TestInfra.redis(), List.of(
                    "--dropline.distribution.timers.poll-interval=100ms",
                    "--dropline.distribution.timers.batch-size=4",
                    "--dropline.distribution.timers.lease=" + OTHER_LEASE.toSeconds() + "s",
                    "--dropline.distribution.timers.retry-delay=1s"));
        }
        calls = new DrawCalls(http, db, UUID.randomUUID());
        sequence = calls.sequence();
    }

    @Test
    void whenTwoInstancesTakeEntriesDrawAndBackfillThenWinnersNeverExceedWinnerCountAndEachDrawRunsOnce() throws Exception {
        TestTimerRunners.Handle here = TestTimerRunners.runner(timers, registry, transaction, "in-process");
        here.start();
        try {
            WebClient otherClient = WebClient.create(other.baseUrl());
            WebClient thisClient = WebClient.create("http://127.0.0.1:" + port);
            int winnerCount = 4;
            List<String> draws = IntStream.range(0, 3)
                    .mapToObj(i -> calls.draw(sequence, Instant.now().plus(1, ChronoUnit.HOURS), winnerCount,
                            Map.of("admissionExpirationSeconds", 1, "continueSelectingUntilCompleted", true)).get("id").asString())
                    .toList();
            // 30 consumers per draw, entering through both instances at once; each also enters twice.
            List<UUID> consumers = IntStream.range(0, 30).mapToObj(i -> UUID.randomUUID()).toList();
            Flux.fromIterable(draws)
                    .concatMap(draw -> Flux.fromIterable(consumers)
                            .flatMap(consumer -> Flux.just(thisClient, otherClient)
                                    .flatMap(client -> enterThere(client, draw, consumer)), 8))
                    .then().block(Duration.ofSeconds(120));
            for (String draw : draws) {
                assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d", draw)).isEqualTo(30);
                assertThat(calls.count("SELECT count(DISTINCT seq) FROM draw_entries WHERE draw_id = :d", draw)).isEqualTo(30);
                calls.drawNow(draw);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> draws.stream().allMatch(calls::drawn));

            // Until each draw is over, complete every other live winner through alternating instances; the rest lapse
            // and are backfilled by whichever instance holds the expiry job. At every step: live + completed <= winnerCount.
            WebClient[] clients = {thisClient, otherClient};
            int[] turn = {0};
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
                for (String draw : draws) {
                    assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status IN ('WON', 'COMPLETED')", draw))
                            .isLessThanOrEqualTo(winnerCount);
                    for (UUID winner : liveWinners(draw)) {
                        if (turn[0]++ % 2 == 0) {
                            completeThere(clients[turn[0] % 2], clients[(turn[0] + 1) % 2], draw, winner);
                        }
                    }
                }
                return draws.stream().allMatch(draw -> calls.count("SELECT count(*) FROM draws WHERE id = :d AND completed_at IS NOT NULL", draw) == 1);
            });
            for (String draw : draws) {
                assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status = 'COMPLETED'", draw)).isLessThanOrEqualTo(winnerCount);
                assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND selection <= " + winnerCount, draw)).isEqualTo(winnerCount);
                assertThat(calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.completed' AND aggregate_id = :d", draw)).isEqualTo(1);
                assertThat(calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.consumer.won' AND aggregate_id = :d", draw))
                        .isEqualTo(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND selection IS NOT NULL", draw));
                assertThat(calls.count("SELECT count(DISTINCT payload->>'consumerId') FROM outbox WHERE type = 'draw.consumer.won' AND aggregate_id = :d", draw))
                        .isEqualTo(calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.consumer.won' AND aggregate_id = :d", draw));
                assertThat(calls.count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :d AND kind = 'draw' "
                        + "AND done_at IS NOT NULL AND attempts = 1", draw)).isEqualTo(1);
                List<JsonNode> entries = new ArrayList<>();
                DrawVerifier.verify(calls.results(draw, 1000, entries).get(0), entries);
            }
        } finally {
            here.stop();
        }
    }

    @Test
    void whenTheInstanceRunningTheDrawIsKilledMidDrawThenTheOtherCompletesItOnceAndCorrectly() throws Exception {
        String draw = calls.draw(sequence, Instant.now().plus(1, ChronoUnit.HOURS), 3, Map.of("admissionExpirationSeconds", 600))
                .get("id").asString();
        UUID drawId = DrawCalls.uuid(draw);
        IntStream.range(0, 20).forEach(i -> calls.enter(draw, UUID.randomUUID()));
        // Let the other instance announce the opening first, so the job it is killed in is the draw.
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.count("SELECT count(*) FROM distribution_timers WHERE "
                + "distribution_id = :d AND kind = 'open' AND done_at IS NOT NULL", draw) == 1);
        // Hold the outbox: the draw's handler has selected its winners when it blocks on their events, mid-draw.
        Sinks.Empty<Void> release = Sinks.empty();
        Disposable lock = db.sql("LOCK TABLE outbox IN EXCLUSIVE MODE").then().then(release.asMono())
                .as(transaction::transactional).subscribe();
        try {
            calls.drawNow(draw);
            await().atMost(Duration.ofSeconds(15)).until(() -> claimedBy(drawId) != null);
            assertThat(claimedBy(drawId)).isNotEqualTo("survivor");
            other.kill();
        } finally {
            release.tryEmitEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(lock::isDisposed);
        // The dead instance's draw rolled back entirely.
        assertThat(calls.drawn(draw)).isFalse();
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status <> 'ENTERED'", draw)).isZero();

        TestTimerRunners.Handle survivor = TestTimerRunners.runner(timers, registry, transaction, "survivor");
        // Not the draw while the dead instance's lease holds it. The poll may run other due jobs: the first test's
        // draws arm grant expiries that come due for seconds after it ended, and the killed instance no longer takes them.
        survivor.runDue();
        assertThat(claimedBy(drawId)).isNotEqualTo("survivor");
        assertThat(calls.drawn(draw)).isFalse();
        await().atMost(OTHER_LEASE.plusSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            survivor.runDue();
            return calls.drawn(draw);
        });
        assertThat(calls.count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :d AND kind = 'draw' "
                + "AND done_at IS NOT NULL AND attempts = 2 AND lease_owner = 'survivor'", draw)).isEqualTo(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
            survivor.runDue();
            return calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.completed' AND aggregate_id = :d", draw) == 1;
        });
        assertThat(calls.count("SELECT count(*) FROM draw_entries WHERE draw_id = :d AND status = 'WON'", draw)).isEqualTo(3);
        assertThat(calls.count("SELECT count(*) FROM outbox WHERE type = 'draw.consumer.won' AND aggregate_id = :d", draw)).isEqualTo(3);
        List<JsonNode> entries = new ArrayList<>();
        DrawVerifier.verify(calls.results(draw, 1000, entries).get(0), entries);
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private List<UUID> liveWinners(String draw) {
        return db.sql("SELECT consumer_id FROM draw_entries WHERE draw_id = :d AND status = 'WON' AND grant_expires_at > now()")
                .bind("d", DrawCalls.uuid(draw)).map(row -> row.get(0, UUID.class)).all().collectList().block();
    }

    /** Reads the winner's grant from one instance and completes it through the other; a lapse in between is fine. */
    private void completeThere(WebClient statusFrom, WebClient completeOn, String draw, UUID winner) {
        JsonNode status = statusFrom.get().uri("/api/v1/draws/{id}/status", draw)
                .header(InternalContext.HEADER, TestContexts.consumer(calls.org(), winner))
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(10));
        if (status == null || !status.has("admissionGrant")) {
            return;
        }
        completeOn.post().uri("/api/v1/draws/{id}/complete", draw)
                .header(InternalContext.HEADER, TestContexts.admin(calls.org()))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("consumerId", Ids.format("cons", winner), "admissionGrant", status.get("admissionGrant").asString()))
                .exchangeToMono(response -> response.releaseBody())
                .block(Duration.ofSeconds(10));
    }

    private Mono<Void> enterThere(WebClient client, String draw, UUID consumer) {
        return client.post().uri("/api/v1/draws/{id}/enter", draw)
                .header(InternalContext.HEADER, TestContexts.consumer(calls.org(), consumer))
                .retrieve()
                .toBodilessEntity()
                .timeout(Duration.ofSeconds(20))
                .then();
    }

    private String claimedBy(UUID drawId) {
        return db.sql("SELECT lease_owner FROM distribution_timers WHERE distribution_id = :id AND kind = 'draw'")
                .bind("id", drawId)
                .map(row -> Optional.ofNullable(row.get("lease_owner", String.class)))
                .one()
                .defaultIfEmpty(Optional.empty())
                .block()
                .orElse(null);
    }
}
