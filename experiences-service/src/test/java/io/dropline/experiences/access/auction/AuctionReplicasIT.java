package io.dropline.experiences.access.auction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.distribution.DistributionRegistry;
import io.dropline.experiences.access.distribution.DistributionTimers;
import io.dropline.experiences.access.distribution.TestTimerRunners;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
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
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Auctions on two instances of experiences-service sharing one database and Redis: this test's own (its timer runner
 * built here) and the packaged jar as a separate process, which one test kills with SIGKILL in the middle of a
 * settlement.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.distribution.timers.enabled=false")
@AutoConfigureWebTestClient(timeout = "30s")
class AuctionReplicasIT {

    static final Duration OTHER_LEASE = Duration.ofSeconds(3);

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

    AuctionCalls calls;

    @BeforeEach
    void secondInstanceAndATenant() {
        if (other == null || !other.isAlive()) {
            other = ServiceProcess.start("experiences-service", database, namespace, TestInfra.redis(), List.of(
                    "--dropline.distribution.timers.poll-interval=100ms",
                    "--dropline.distribution.timers.lease=" + OTHER_LEASE.toSeconds() + "s",
                    "--dropline.distribution.timers.retry-delay=1s"));
        }
        calls = new AuctionCalls(http, db);
    }

    @Test
    void when64BidsRaceThroughTwoInstancesThenAcceptedBidsStrictlyIncreaseAndSettlementRunsOnce() {
        TestTimerRunners.Handle here = TestTimerRunners.runner(timers, registry, transaction, "in-process");
        here.start();
        try {
            String auction = calls.create(calls.english("startPrice", "10.00", "minBidIncrement", "1.00"));
            WebClient[] clients = {WebClient.create("http://127.0.0.1:" + port), WebClient.create(other.baseUrl())};
            List<UUID> bidders = IntStream.range(0, 64).mapToObj(i -> UUID.randomUUID()).toList();
            int accepted = 0;
            // Three rounds of 64 bids at once, half through each instance, many at the very same price.
            for (int round = 0; round < 3; round++) {
                int base = 10 + round * 40;
                accepted += Flux.range(0, 64)
                        .flatMap(i -> bid(clients[i % 2], auction, bidders.get(i), base + ThreadLocalRandom.current().nextInt(24)), 64)
                        .filter(status -> status == 200)
                        .count()
                        .block(Duration.ofSeconds(60));
            }
            List<BigDecimal> amounts = db.sql("SELECT amount FROM auction_bids WHERE auction_id = :a ORDER BY seq")
                    .bind("a", AuctionCalls.uuid(auction)).map(row -> row.get(0, BigDecimal.class)).all().collectList().block();
            // Every acknowledged bid was committed, and every committed bid was at least one increment above the last.
            assertThat(amounts).hasSize(accepted);
            assertThat(accepted).isGreaterThan(1);
            for (int i = 1; i < amounts.size(); i++) {
                assertThat(amounts.get(i).subtract(amounts.get(i - 1))).isGreaterThanOrEqualTo(new BigDecimal("1.00"));
            }
            assertThat(calls.count("SELECT count(*) - count(DISTINCT amount) FROM auction_bids WHERE auction_id = :a", auction)).isZero();
            assertThat(calls.count("SELECT bid_count FROM auctions WHERE id = :a", auction)).isEqualTo(accepted);

            calls.settleNow(auction);
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.outbox("auction.settled", auction) == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> calls.outbox("auction.settled", auction) == 1);
            assertThat(calls.count("SELECT count(*) FROM auction_entries WHERE distribution_id = :a AND status = 'WON'", auction)).isEqualTo(1);
            assertThat(calls.outbox("auction.consumer.won", auction)).isEqualTo(1);
            assertThat(calls.count("SELECT count(*) FROM auction_entries WHERE distribution_id = :a AND status = 'WON' "
                    + "AND won_amount = (SELECT max(amount) FROM auction_bids WHERE auction_id = :a)", auction)).isEqualTo(1);
            assertThat(calls.count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :a AND kind = 'settle' "
                    + "AND done_at IS NOT NULL AND attempts = 1", auction)).isEqualTo(1);
        } finally {
            here.stop();
        }
    }

    @Test
    void whenTheInstanceSettlingIsKilledMidSettlementThenTheOtherSettlesOnce() {
        String auction = calls.create(calls.english("minBidIncrement", "1.00"));
        UUID winner = UUID.randomUUID();
        calls.bidOk(auction, UUID.randomUUID(), "10.00");
        calls.bidOk(auction, winner, "20.00");
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.count("SELECT count(*) FROM distribution_timers WHERE "
                + "distribution_id = :a AND kind = 'open' AND done_at IS NOT NULL", auction) == 1);
        // Hold the outbox: the settle handler has marked the winner when it blocks on the events, mid-settlement.
        Sinks.Empty<Void> release = Sinks.empty();
        Disposable lock = db.sql("LOCK TABLE outbox IN EXCLUSIVE MODE").then().then(release.asMono())
                .as(transaction::transactional).subscribe();
        try {
            calls.settleNow(auction);
            await().atMost(Duration.ofSeconds(15)).until(() -> claimedBy(auction) != null);
            assertThat(claimedBy(auction)).isNotEqualTo("survivor");
            other.kill();
        } finally {
            release.tryEmitEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(lock::isDisposed);
        // The dead instance's settlement rolled back entirely.
        assertThat(calls.count("SELECT count(*) FROM auctions WHERE id = :a AND settled_at IS NOT NULL", auction)).isZero();
        assertThat(calls.count("SELECT count(*) FROM auction_entries WHERE distribution_id = :a AND status <> 'ENTERED'", auction)).isZero();

        TestTimerRunners.Handle survivor = TestTimerRunners.runner(timers, registry, transaction, "survivor");
        await().atMost(OTHER_LEASE.plusSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            survivor.runDue();
            return calls.outbox("auction.settled", auction) == 1;
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
            survivor.runDue();
            return calls.outbox("auction.settled", auction) == 1;
        });
        assertThat(calls.count("SELECT count(*) FROM distribution_timers WHERE distribution_id = :a AND kind = 'settle' "
                + "AND done_at IS NOT NULL AND attempts = 2 AND lease_owner = 'survivor'", auction)).isEqualTo(1);
        assertThat(calls.status(auction, winner).get("status").stringValue()).isEqualTo("WON");
        assertThat(calls.outbox("auction.consumer.won", auction)).isEqualTo(1);
        assertThat(calls.outbox("auction.consumer.lost", auction)).isEqualTo(1);
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private Mono<Integer> bid(WebClient client, String auction, UUID bidder, int amount) {
        return client.post().uri("/api/v1/auctions/{id}/bid", auction)
                .header(InternalContext.HEADER, calls.consumer(bidder))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", amount + ".00"))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(Duration.ofSeconds(30));
    }

    private String claimedBy(String auction) {
        return db.sql("SELECT lease_owner FROM distribution_timers WHERE distribution_id = :id AND kind = 'settle'")
                .bind("id", AuctionCalls.uuid(auction))
                .map(row -> Optional.ofNullable(row.get("lease_owner", String.class)))
                .one()
                .defaultIfEmpty(Optional.empty())
                .block()
                .orElse(null);
    }
}
