package io.dropline.experiences.access.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The distribution timers against real PostgreSQL: runners built here (the application's own is off), each with its
 * own owner name as if on its own instance, running a probe type whose handler writes one row per run into
 * {@code timer_probe} in the job's transaction. A job's effects must commit exactly once.
 */
@RequiresInfra
@SpringBootTest(properties = "dropline.distribution.timers.enabled=false")
class DistributionTimersIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences", TestInfra.freshDatabase("experiences"), TestInfra.freshRedisNamespace());
    }

    @Autowired
    DatabaseClient db;

    @Autowired
    DistributionTimers timers;

    @Autowired
    TransactionalOperator transaction;

    String probeType;

    @BeforeEach
    void probeTable() {
        // A type name of its own per test: jobs of other tests never match.
        probeType = "probe" + UUID.randomUUID().toString().substring(0, 8);
        db.sql("CREATE TABLE IF NOT EXISTS timer_probe (distribution_id uuid NOT NULL, kind text NOT NULL, type text NOT NULL, "
                + "owner text NOT NULL, attempt int NOT NULL)").then().block();
    }

    @Test
    void whenTwoInstancesPollTheSameDueJobsConcurrentlyThenEveryJobRunsExactlyOnce() {
        List<UUID> ids = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();
        Instant due = Instant.now().minusSeconds(1);
        Flux.fromIterable(ids).concatMap(id -> timers.arm(probeType, id, "open", due)).then().block();
        TimerRunner a = runner("instance-a", Duration.ofSeconds(30), 16, probe(Duration.ofMillis(5)));
        TimerRunner b = runner("instance-b", Duration.ofSeconds(30), 16, probe(Duration.ofMillis(5)));

        for (int round = 0; round < 100 && pending() > 0; round++) {
            Mono.zip(a.runDue(), b.runDue()).block();
        }

        assertThat(pending()).isZero();
        assertThat(count("SELECT count(*) FROM timer_probe WHERE type = :t")).isEqualTo(200);
        assertThat(count("SELECT count(DISTINCT distribution_id) FROM timer_probe WHERE type = :t")).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_type = :t AND attempts = 1 AND done_at IS NOT NULL"))
                .isEqualTo(200);
        // Both instances took part: SKIP LOCKED let them claim side by side rather than one waiting for the other.
        assertThat(count("SELECT count(DISTINCT owner) FROM timer_probe WHERE type = :t")).isEqualTo(2);
    }

    @Test
    void whenTheInstanceHoldingAJobDiedThenAnotherClaimsItOnceTheLeaseRunsOutAndItRunsOnce() {
        UUID id = UUID.randomUUID();
        timers.arm(probeType, id, "close", Instant.now().minusSeconds(5)).block();
        // An instance claimed it and died: its lease (1 s) stands, nothing ever completes it.
        db.sql("UPDATE distribution_timers SET lease_owner = 'dead-instance', lease_token = gen_random_uuid(), "
                        + "lease_until = now() + interval '1 second', attempts = 1 WHERE distribution_id = :id")
                .bind("id", id).then().block();
        TimerRunner survivor = runner("survivor", Duration.ofSeconds(30), 16, probe(Duration.ZERO));

        assertThat(survivor.runDue().block()).isZero();
        // Claimed again only once the dead instance's lease (1 s, PostgreSQL's clock) has run out.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> survivor.runDue().block() == 1);

        assertThat(count("SELECT count(*) FROM timer_probe WHERE type = :t AND owner = 'survivor' AND attempt = 2")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_type = :t AND lease_owner = 'survivor' "
                + "AND attempts = 2 AND done_at IS NOT NULL")).isEqualTo(1);
        assertThat(survivor.runDue().block()).isZero();
    }

    @Test
    void whenARunnerHangsPastItsLeaseThenAnotherFinishesTheJobAndTheLateRunnersWritesRollBack() {
        UUID id = UUID.randomUUID();
        timers.arm(probeType, id, "open", Instant.now().minusSeconds(1)).block();
        // The hanging runner writes its effect at once and then stalls for 2 s while its lease lasts 500 ms.
        TimerRunner hanging = runner("hanging", Duration.ofMillis(500), 16, probe(Duration.ofSeconds(2)));
        TimerRunner healthy = runner("healthy", Duration.ofSeconds(30), 16, probe(Duration.ZERO));
        Mono<Long> late = hanging.runDue().cache();
        Disposable running = late.subscribe();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> count(
                "SELECT count(*) FROM distribution_timers WHERE distribution_type = :t AND lease_owner = 'hanging'") == 1);
        // The healthy runner gets the job once the hanging one's 500 ms lease has run out.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> healthy.runDue().block() == 1);
        assertThat(late.block()).isZero();
        running.dispose();

        assertThat(count("SELECT count(*) FROM timer_probe WHERE type = :t")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM timer_probe WHERE type = :t AND owner = 'healthy'")).isEqualTo(1);
    }

    @Test
    void whenAHandlerFailsThenTheJobIsRetriedAfterTheDelayAndRunsOnce() {
        UUID id = UUID.randomUUID();
        timers.arm(probeType, id, "open", Instant.now().minusSeconds(1)).block();
        AtomicInteger calls = new AtomicInteger();
        TimerRunner flaky = runner("flaky", Duration.ofSeconds(30), 16,
                job -> calls.incrementAndGet() == 1 ? write(job).then(Mono.error(new IllegalStateException("boom"))) : write(job),
                new TimerProperties(true, Duration.ofMillis(100), Duration.ofSeconds(30), 16, Duration.ofMillis(300)));

        assertThat(flaky.runDue().block()).isZero();
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_type = :t AND last_error LIKE '%boom%'")).isEqualTo(1);
        assertThat(flaky.runDue().block()).isZero();
        // Retried once the 300 ms retry delay has passed.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> flaky.runDue().block() == 1);
        // The failed run's write rolled back with it.
        assertThat(count("SELECT count(*) FROM timer_probe WHERE type = :t")).isEqualTo(1);
    }

    @Test
    void whenArmedAgainThenTheSameTimeChangesNothingANewTimeReArmsAndAJobThatRanOnlyReArmsForTheFuture() {
        UUID id = UUID.randomUUID();
        Instant due = Instant.parse("2020-01-01T00:00:00Z");
        timers.arm(probeType, id, "open", due).block();
        timers.arm(probeType, id, "open", due).block();
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_type = :t")).isEqualTo(1);
        TimerRunner runner = runner("only", Duration.ofSeconds(30), 16, probe(Duration.ZERO));
        assertThat(runner.runDue().block()).isEqualTo(1);

        // Ran already: the same time, or another time already past, does not run it again.
        timers.arm(probeType, id, "open", due).block();
        timers.arm(probeType, id, "open", due.plusSeconds(60)).block();
        assertThat(runner.runDue().block()).isZero();
        assertThat(count("SELECT count(*) FROM timer_probe WHERE type = :t")).isEqualTo(1);

        // A time ahead re-arms it (the distribution was moved to open again later); dropping it removes the pending job.
        Instant later = Instant.now().plusSeconds(3600);
        timers.arm(probeType, id, "open", later).block();
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_type = :t AND done_at IS NULL AND attempts = 0"))
                .isEqualTo(1);
        timers.arm(probeType, id, "open", null).block();
        assertThat(count("SELECT count(*) FROM distribution_timers WHERE distribution_type = :t")).isZero();
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private TimerRunner runner(String owner, Duration lease, int batch, Function<TimerJob, Mono<Void>> handler) {
        return runner(owner, lease, batch, handler, new TimerProperties(true, Duration.ofMillis(100), lease, batch, Duration.ofSeconds(5)));
    }

    private TimerRunner runner(String owner, Duration lease, int batch, Function<TimerJob, Mono<Void>> handler, TimerProperties properties) {
        DistributionRegistry registry = new DistributionRegistry(List.of(new Probe(probeType, handler)));
        return new TimerRunner(timers, registry, transaction, properties, owner);
    }

    /** The probe's handler: one row per run, written in the job's transaction, then an optional stall. */
    private Function<TimerJob, Mono<Void>> probe(Duration stall) {
        return job -> write(job).then(stall.isZero() ? Mono.empty() : Mono.delay(stall).then());
    }

    private Mono<Void> write(TimerJob job) {
        return db.sql("INSERT INTO timer_probe (distribution_id, kind, type, owner, attempt) "
                        + "SELECT :id, :kind, :type, lease_owner, attempts FROM distribution_timers "
                        + "WHERE distribution_id = :id AND kind = :kind")
                .bind("id", job.distributionId())
                .bind("kind", job.kind())
                .bind("type", job.type())
                .then();
    }

    private long pending() {
        return count("SELECT count(*) FROM distribution_timers WHERE distribution_type = :t AND done_at IS NULL");
    }

    private long count(String sql) {
        return db.sql(sql).bind("t", probeType).map(row -> row.get(0, Long.class)).one().block();
    }

    /** A distribution type with nothing but a timer handler. */
    private record Probe(String name, Function<TimerJob, Mono<Void>> handler) implements StubDistributionType {

        @Override
        public String idPrefix() {
            return "probe";
        }

        @Override
        public Mono<Void> onTimer(TimerJob job) {
            return handler.apply(job);
        }
    }
}
