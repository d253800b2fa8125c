package io.dropline.analytics.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rollup retention against real PostgreSQL: minute rows older than 91 days and hour rows older than 400 days go, in
 * batches (batch size 3 here); everything a query can still read stays; a replica that finds another one pruning
 * (the advisory lock held) deletes nothing; two passes at once delete each row once.
 */
@RequiresInfra
@SpringBootTest(properties = {"dropline.webhooks.runner-enabled=false", "dropline.analytics.retention.enabled=false",
        "dropline.analytics.retention.batch-size=3"})
class RollupRetentionIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    RollupRetention retention;

    @Autowired
    DatabaseClient db;

    UUID org;
    Instant now;

    @BeforeEach
    void clean() {
        db.sql("DELETE FROM event_rollups").fetch().rowsUpdated().block();
        org = UUID.randomUUID();
        now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    }

    private void row(String grain, Instant bucket, String experience) {
        db.sql("INSERT INTO event_rollups (organization_id, environment, event_type, field, dimension, dimension_value, grain, bucket, n) "
                        + "VALUES (:org, 'live', 'queue.consumer.entered', '', 'experience', :exp, :grain, :bucket, 1)")
                .bind("org", org).bind("exp", experience).bind("grain", grain).bind("bucket", bucket).fetch().rowsUpdated().block();
    }

    private long count(String grain) {
        return db.sql("SELECT count(*) FROM event_rollups WHERE grain = :grain").bind("grain", grain)
                .map(row -> row.get(0, Long.class)).one().block();
    }

    /** 7 minute rows past 91 days, 2 within; 2 hour rows past 400 days, 2 within (one older than the minute cut-off). */
    private void seed() {
        for (int i = 0; i < 7; i++) {
            row(RollupRows.MINUTE, now.minus(Duration.ofDays(92)).minus(Duration.ofMinutes(i)), "exp_" + i);
        }
        row(RollupRows.MINUTE, now.minus(Duration.ofDays(90)), "exp_a");
        row(RollupRows.MINUTE, now.minus(Duration.ofMinutes(5)), "exp_a");
        row(RollupRows.HOUR, now.minus(Duration.ofDays(401)).truncatedTo(ChronoUnit.HOURS), "exp_a");
        row(RollupRows.HOUR, now.minus(Duration.ofDays(700)).truncatedTo(ChronoUnit.HOURS), "exp_a");
        row(RollupRows.HOUR, now.minus(Duration.ofDays(120)).truncatedTo(ChronoUnit.HOURS), "exp_a");
        row(RollupRows.HOUR, now.minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS), "exp_a");
    }

    @Test
    void whenAPassRunsThenOnlyRowsNoQueryCanReadAreDeletedInBatches() {
        seed();
        RollupRetention.Pruned pruned = retention.pass().block();
        assertThat(pruned).isEqualTo(new RollupRetention.Pruned(7, 2, false));
        assertThat(count(RollupRows.MINUTE)).isEqualTo(2);
        assertThat(count(RollupRows.HOUR)).isEqualTo(2);
        Instant oldestMinute = db.sql("SELECT min(bucket) AS b FROM event_rollups WHERE grain = 'm'")
                .map(row -> row.get("b", Instant.class)).one().block();
        assertThat(oldestMinute).isEqualTo(now.minus(Duration.ofDays(90)));
        // Nothing left to prune: a second pass deletes nothing.
        assertThat(retention.pass().block()).isEqualTo(new RollupRetention.Pruned(0, 0, false));
    }

    @Test
    void whenAnotherReplicaIsPruningThenAPassDeletesNothingAndTwoPassesAtOnceDeleteEachRowOnce() {
        seed();
        // Another replica's pass holds the lock (here a session lock on a connection of the test's own).
        RollupRetention.Pruned blocked = db.inConnection(connection -> advisory(connection, "pg_advisory_lock")
                        .then(retention.pass())
                        .flatMap(result -> advisory(connection, "pg_advisory_unlock").thenReturn(result)))
                .block();
        assertThat(blocked).isEqualTo(new RollupRetention.Pruned(0, 0, true));
        assertThat(count(RollupRows.MINUTE)).isEqualTo(9);

        var both = Mono.zip(retention.pass(), retention.pass()).block();
        // A pass that met the other one's lock stops early; the next pass finishes the job. Each row is deleted once.
        RollupRetention.Pruned last = retention.pass().block();
        assertThat(both.getT1().minuteRows() + both.getT2().minuteRows() + last.minuteRows()).isEqualTo(7);
        assertThat(both.getT1().hourRows() + both.getT2().hourRows() + last.hourRows()).isEqualTo(2);
        assertThat(last.busy()).isFalse();
        assertThat(count(RollupRows.MINUTE)).isEqualTo(2);
        assertThat(count(RollupRows.HOUR)).isEqualTo(2);
    }

    private static Mono<Void> advisory(Connection connection, String function) {
        return Flux.from(connection.createStatement("SELECT " + function + "(" + RollupRetention.LOCK_KEY + ")").execute())
                .flatMap(result -> result.map((row, meta) -> 1))
                .then();
    }
}
