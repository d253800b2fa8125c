package io.dropline.experiences.access.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * The queue's timers on two instances of experiences-service sharing one database: this test's own (its runner built
 * here, so each test decides when it runs) and the packaged jar as a separate process, which the test kills with
 * SIGKILL while it holds a job's lease.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dropline.distribution.timers.enabled=false")
@AutoConfigureWebTestClient(timeout = "20s")
class DistributionTimersReplicasIT {

    // Long enough to outlast, on a loaded CI machine, everything between the other instance's claim and the survivor's
    // first try (the kill, the lock's release); DrawReplicasIT once saw a 3 s lease lapse first.
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

    @Autowired
    DatabaseClient db;

    @Autowired
    DistributionTimers timers;

    @Autowired
    DistributionRegistry registry;

    @Autowired
    TransactionalOperator transaction;

    UUID org;
    String sequenceId;

    @BeforeEach
    void secondInstanceAndATenant() throws Exception {
        if (other == null || !other.isAlive()) {
            // Started after this instance migrated the database, so the two never race on Flyway.
            other = otherInstance();
        }
        org = UUID.randomUUID();
        String experienceId = post("/api/v1/experiences", Map.of("name", "Drop")).get("id").stringValue();
        sequenceId = post("/api/v1/sequences", Map.of("experienceId", experienceId, "name", "General")).get("id").stringValue();
    }

    @Test
    void whenBothInstancesRunTimersThenEveryQueueOpensExactlyOnce() {
        TimerRunner here = new TimerRunner(timers, registry, transaction,
                new TimerProperties(true, Duration.ofMillis(100), Duration.ofSeconds(30), 4, Duration.ofSeconds(5)), "in-process");
        here.start();
        try {
            String openAt = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS).toString();
            List<String> queues = IntStream.range(0, 30)
                    .mapToObj(i -> post("/api/v1/queues", Map.of("sequenceId", sequenceId, "name", "Q" + i, "admitRate", 60,
                            "openAt", openAt)).get("id").stringValue())
                    .toList();
            String[] ids = queues.toArray(String[]::new);

            await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM outbox WHERE type = 'distribution.opened' "
                    + "AND aggregate_id = ANY(:ids)", ids) == 30);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count("SELECT count(*) FROM outbox "
                    + "WHERE type = 'distribution.opened' AND aggregate_id = ANY(:ids)", ids) == 30);
            assertThat(count("SELECT count(DISTINCT aggregate_id) FROM outbox WHERE type = 'distribution.opened' AND aggregate_id = ANY(:ids)", ids))
                    .isEqualTo(30);
            // Both instances ran some: the lease table shared the work rather than one instance waiting on the other.
            UUID[] uuids = queues.stream().map(id -> Ids.parse("queue", id).orElseThrow()).toArray(UUID[]::new);
            assertThat(db.sql("SELECT count(DISTINCT lease_owner) FROM distribution_timers WHERE distribution_id = ANY(:ids) "
                            + "AND kind = 'open' AND done_at IS NOT NULL AND attempts = 1")
                    .bind("ids", uuids).map(row -> row.get(0, Long.class)).one().block()).isEqualTo(2);
        } finally {
            here.stop();
        }
    }

    @Test
    void whenTheInstanceRunningATimerIsKilledThenTheOtherRunsItAfterTheLeaseExactlyOnce() {
        // Hold the outbox so the other instance's handler blocks on its event write, mid-lease, when it is killed.
        Sinks.Empty<Void> release = Sinks.empty();
        Disposable lock = db.sql("LOCK TABLE outbox IN EXCLUSIVE MODE").then().then(release.asMono())
                .as(transaction::transactional).subscribe();
        String queue;
        UUID queueId;
        try {
            queue = post("/api/v1/queues", Map.of("sequenceId", sequenceId, "name", "Now", "admitRate", 60)).get("id").stringValue();
            queueId = Ids.parse("queue", queue).orElseThrow();
            // Only the other instance runs timers: it claims the open job at once.
            await().atMost(Duration.ofSeconds(10)).until(() -> claimedBy(queueId) != null);
            assertThat(claimedBy(queueId)).isNotEqualTo("survivor");
            other.kill();
        } finally {
            release.tryEmitEmpty();
        }
        await().atMost(Duration.ofSeconds(10)).until(lock::isDisposed);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = 'distribution.opened' AND aggregate_id = ANY(:ids)", queue)).isZero();

        TimerRunner survivor = new TimerRunner(timers, registry, transaction,
                new TimerProperties(true, Duration.ofMillis(100), Duration.ofSeconds(30), 16, Duration.ofSeconds(5)), "survivor");
        // The dead instance's lease still stands...
        assertThat(survivor.runDue().block()).isZero();
        // ...and once it runs out, the survivor claims the job and runs it.
        await().atMost(OTHER_LEASE.plusSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> survivor.runDue().block() > 0);
        assertThat(db.sql("SELECT count(*) FROM distribution_timers WHERE distribution_id = :id AND kind = 'open' "
                        + "AND done_at IS NOT NULL AND attempts = 2 AND lease_owner = 'survivor'")
                .bind("id", queueId).map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count("SELECT count(*) FROM outbox "
                + "WHERE type = 'distribution.opened' AND aggregate_id = ANY(:ids)", queue) == 1);
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private static ServiceProcess otherInstance() {
        return ServiceProcess.start("experiences-service", database, namespace, TestInfra.redis(), List.of(
                "--dropline.distribution.timers.poll-interval=100ms",
                "--dropline.distribution.timers.batch-size=4",
                "--dropline.distribution.timers.lease=" + OTHER_LEASE.toSeconds() + "s"));
    }

    private String claimedBy(UUID queueId) {
        return db.sql("SELECT lease_owner FROM distribution_timers WHERE distribution_id = :id AND kind = 'open'")
                .bind("id", queueId)
                .map(row -> Optional.ofNullable(row.get("lease_owner", String.class)))
                .one()
                .defaultIfEmpty(Optional.empty())
                .block()
                .orElse(null);
    }

    private JsonNode post(String path, Object body) {
        return http.post().uri(path).header(InternalContext.HEADER, TestContexts.admin(org)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private long count(String sql, String... ids) {
        return db.sql(sql).bind("ids", ids).map(row -> row.get(0, Long.class)).one().block();
    }
}
