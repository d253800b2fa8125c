package io.dropline.consumer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.session.RevocationKeys;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's cache of revoked sessions is rebuilt from PostgreSQL, the source of truth: after Redis lost its
 * data (here: every key of the namespace deleted, which is what a restart without persistence does to it), after a
 * Redis write failed, and with two replicas keeping it at once. The cache's {@code complete} marker comes back only
 * with every live revocation in it.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class RevocationCacheIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);
    private static String database;
    private static String namespace;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = TestInfra.freshDatabase("consumer");
        namespace = TestInfra.freshRedisNamespace();
        TestInfra.registerService(registry, "consumer", database, namespace);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveStringRedisTemplate redis;

    final UUID org = UUID.randomUUID();

    @Test
    void whenAskedInternallyThenPostgreSqlAnswersWhetherASessionIsRevoked() {
        JsonNode out = guest();
        JsonNode in = guest();
        logout(out);
        revocation(sessionId(out)).jsonPath("$.revoked").isEqualTo(true).jsonPath("$.sessionId").isEqualTo(sessionId(out));
        revocation(sessionId(in)).jsonPath("$.revoked").isEqualTo(false);
        // No such session, or not a session id at all: no valid token can carry it.
        revocation(Ids.newId("sess")).jsonPath("$.revoked").isEqualTo(true);
        revocation("sess_nope").jsonPath("$.revoked").isEqualTo(true);

        String path = "/internal/sessions/" + sessionId(in) + "/revocation";
        http.get().uri(path).exchange().expectStatus().isUnauthorized();
        http.get().uri(path).header(InternalContext.HEADER, TestContexts.admin(org)).exchange().expectStatus().isNotFound();
    }

    @Test
    void whenLoggedOutThenTheCacheHoldsItAndPostgreSqlKnowsItDoes() {
        JsonNode out = guest();
        logout(out);
        assertThat(hasKey(RevocationKeys.revoked(namespace, sessionId(out)))).isTrue();
        StepVerifier.create(db.sql("SELECT revocation_cached_at IS NOT NULL AS cached FROM consumer_sessions WHERE id = :id")
                        .bind("id", Ids.parse("sess", sessionId(out)).orElseThrow())
                        .map(row -> row.get("cached", Boolean.class)).one())
                .expectNext(true).verifyComplete();
    }

    @Test
    void whenARedisWriteFailedThenTheKeeperWritesTheRevocationLater() {
        JsonNode out = guest();
        String key = RevocationKeys.revoked(namespace, sessionId(out));
        awaitComplete();
        // As if the logout's Redis write had failed after PostgreSQL committed: revoked, not cached, no key.
        StepVerifier.create(db.sql("UPDATE consumer_sessions SET revoked_at = now() WHERE id = :id")
                        .bind("id", Ids.parse("sess", sessionId(out)).orElseThrow()).fetch().rowsUpdated())
                .expectNext(1L).verifyComplete();
        assertThat(hasKey(key)).isFalse();

        await("uncached revocation written").atMost(Duration.ofSeconds(20)).until(() -> hasKey(key));
        await("marked cached").atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(
                db.sql("SELECT revocation_cached_at IS NOT NULL AS cached FROM consumer_sessions WHERE id = :id")
                        .bind("id", Ids.parse("sess", sessionId(out)).orElseThrow())
                        .map(row -> row.get("cached", Boolean.class)).one().toFuture().join()));
    }

    @Test
    void whenRedisLosesItsDataThenEitherReplicaRebuildsEveryLiveRevocationBeforeMarkingTheCacheComplete() {
        JsonNode recent = guest();
        JsonNode old = guest();
        JsonNode live = guest();
        logout(recent);
        logout(old);
        // Revoked long ago: every token of it has expired, so the cache need not (and does not) hold it.
        StepVerifier.create(db.sql("UPDATE consumer_sessions SET revoked_at = :at WHERE id = :id")
                        .bind("at", Instant.now().minus(Duration.ofHours(2)))
                        .bind("id", Ids.parse("sess", sessionId(old)).orElseThrow()).fetch().rowsUpdated())
                .expectNext(1L).verifyComplete();

        try (ServiceProcess replica = ServiceProcess.start("consumer-service", database, namespace)) {
            for (int loss = 0; loss < 2; loss++) {
                awaitComplete();
                loseEverything();
                awaitComplete();
                assertThat(hasKey(RevocationKeys.revoked(namespace, sessionId(recent)))).isTrue();
                assertThat(hasKey(RevocationKeys.revoked(namespace, sessionId(old)))).isFalse();
                assertThat(hasKey(RevocationKeys.revoked(namespace, sessionId(live)))).isFalse();
                StepVerifier.create(redis.getExpire(RevocationKeys.revoked(namespace, sessionId(recent))))
                        .assertNext(ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(61)))
                        .verifyComplete();
                // The replica is still there to take over the next loss.
                assertThat(replica.isAlive()).isTrue();
            }
        }
    }

    @Test
    void whenAnotherReplicaHoldsTheRebuildLeaseThenItsRebuildIsNotRaced() {
        JsonNode out = guest();
        logout(out);
        awaitComplete();
        // Another replica's rebuild is under way (its lease), and Redis just lost the marker and the key.
        StepVerifier.create(redis.opsForValue().set(RevocationKeys.rebuild(namespace), "other-replica", Duration.ofSeconds(3)))
                .expectNext(true).verifyComplete();
        StepVerifier.create(redis.delete(RevocationKeys.complete(namespace), RevocationKeys.revoked(namespace, sessionId(out))))
                .expectNext(2L).verifyComplete();

        // This replica waits for the lease instead of starting a rebuild that would overwrite it; the other replica
        // "died", so its lease runs out and this one rebuilds.
        await("no rebuild while leased").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> !hasKey(RevocationKeys.complete(namespace)));
        awaitComplete();
        assertThat(hasKey(RevocationKeys.revoked(namespace, sessionId(out)))).isTrue();
    }

    private void awaitComplete() {
        await("revocation cache complete").atMost(Duration.ofSeconds(30)).until(() -> hasKey(RevocationKeys.complete(namespace)));
    }

    /** What a Redis restart without persistence does to this namespace. */
    private void loseEverything() {
        List<String> keys = redis.keys(namespace + ":*").collectList().toFuture().join();
        if (!keys.isEmpty()) {
            redis.delete(keys.toArray(String[]::new)).toFuture().join();
        }
    }

    private boolean hasKey(String key) {
        return Boolean.TRUE.equals(redis.hasKey(key).toFuture().join());
    }

    private WebTestClient.BodyContentSpec revocation(String sessionId) {
        String internal = CODEC.sign(CODEC.create(null, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("gateway"), "req-rev"));
        return http.get().uri("/internal/sessions/{id}/revocation", sessionId).header(InternalContext.HEADER, internal).exchange()
                .expectStatus().isOk().expectBody();
    }

    private JsonNode guest() {
        String key = CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.CONSUMER, Principal.apiKey("key_pk"), "req-test"));
        return http.post().uri("/api/v1/auth/guest").header(InternalContext.HEADER, key).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void logout(JsonNode bundle) {
        String consumerId = bundle.at("/session/consumerId").stringValue();
        String context = CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.CONSUMER, Principal.guest(consumerId, "key_pk"), "req-test"));
        http.post().uri("/api/v1/auth/logout").header(InternalContext.HEADER, context)
                .header("Authorization", "Bearer " + bundle.get("accessToken").stringValue())
                .exchange().expectStatus().isNoContent();
    }

    private static String sessionId(JsonNode bundle) {
        return bundle.at("/session/sessionId").stringValue();
    }
}
