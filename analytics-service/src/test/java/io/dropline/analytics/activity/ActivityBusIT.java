package io.dropline.analytics.activity;

import static org.awaitility.Awaitility.await;

import io.dropline.analytics.SpotlightContexts;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.event.AdminActivity;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.test.StepVerifier;

/**
 * An admin write's activity event travels the real path: outbox row → relay → Redis Stream → this service's consumer
 * → one activity entry, and stays one entry when the relay publishes the same row again.
 */
@RequiresInfra
@SpringBootTest
class ActivityBusIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "analytics");
    }

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionalOperator transaction;

    @Autowired
    DatabaseClient db;

    final UUID org = UUID.randomUUID();
    final InternalContext admin = SpotlightContexts.adminContext(org, Environment.LIVE);

    void write(EventEnvelope event) {
        StepVerifier.create(outbox.append(event).as(transaction::transactional)).verifyComplete();
    }

    void awaitEntries(long expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StepVerifier.create(
                        db.sql("SELECT count(*) FROM admin_activity WHERE organization_id = :org")
                                .bind("org", org).map(row -> row.get(0, Long.class)).one())
                .expectNext(expected).verifyComplete());
    }

    void awaitPublished(UUID id) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StepVerifier.create(
                        db.sql("SELECT published_at IS NOT NULL FROM outbox WHERE id = :id")
                                .bind("id", id).map(row -> row.get(0, Boolean.class)).one())
                .expectNext(true).verifyComplete());
    }

    @Test
    void whenTheRelayPublishesAnEventTwiceThenTheActivityLogHoldsItOnce() {
        EventEnvelope created = AdminActivity.event(admin, "theme.create", "theme", "thm_0123456789ab", null,
                Map.of("name", "Ember"), Instant.now());
        write(created);
        awaitEntries(1);

        // The relay crashed after XADD but before marking the row: it publishes the same event again.
        UUID id = Ids.parse("evt", created.id()).orElseThrow();
        StepVerifier.create(db.sql("UPDATE outbox SET published_at = NULL WHERE id = :id").bind("id", id).fetch().rowsUpdated())
                .expectNext(1L).verifyComplete();
        awaitPublished(id);

        // Stream order: once the next event is recorded, the republished one was handled before it.
        EventEnvelope next = AdminActivity.event(admin, "theme.set_default", "theme", "thm_0123456789ab",
                Map.of("name", "Ember"), Map.of("name", "Ember", "is_default", true), Instant.now());
        write(next);
        UUID nextId = Ids.parse("evt", next.id()).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StepVerifier.create(
                        db.sql("SELECT count(*) FROM admin_activity WHERE id = :id").bind("id", nextId)
                                .map(row -> row.get(0, Long.class)).one())
                .expectNext(1L).verifyComplete());
        StepVerifier.create(db.sql("SELECT count(*) FROM admin_activity WHERE organization_id = :org")
                        .bind("org", org).map(row -> row.get(0, Long.class)).one())
                .expectNext(2L).verifyComplete();
    }
}
