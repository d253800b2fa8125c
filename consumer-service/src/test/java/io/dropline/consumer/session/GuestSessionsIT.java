package io.dropline.consumer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Guest sessions under a burst (issue 16), against the production pool (16 connections, 2 s acquire): every guest
 * is answered 201 (no pool starvation, so no 503), is distinct, and is committed when it is answered; the burst is
 * group-committed (fewer commits than guests); a batch that fails leaves none of its rows.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.r2dbc.pool.max-size=16", "spring.r2dbc.pool.max-acquire-time=2s"})
class GuestSessionsIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);
    private static final int GUESTS = 320;
    private static final int CONCURRENCY = 64;

    private static String database;
    /** A pool of the test's own: what another client sees of PostgreSQL, not what the service's pool holds. */
    private static ConnectionFactory observer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = TestInfra.registerService(registry, "consumer");
    }

    /** Made on first use: the database exists once the context has started (after @BeforeAll). */
    private static synchronized ConnectionFactory observer() {
        if (observer == null) {
            TestInfra.Endpoint pg = TestInfra.postgres();
            ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(
                            "r2dbc:pool:postgresql://" + pg.host() + ":" + pg.port() + "/" + database + "?maxSize=4").mutate()
                    .option(ConnectionFactoryOptions.USER, pg.user());
            if (pg.password() != null && !pg.password().isEmpty()) {
                options.option(ConnectionFactoryOptions.PASSWORD, pg.password());
            }
            observer = ConnectionFactories.get(options.build());
        }
        return observer;
    }

    @AfterAll
    static void closeObserver() {
        if (observer == null) {
            return;
        }
        Mono.from(((io.r2dbc.pool.ConnectionPool) observer).disposeLater()).block(Duration.ofSeconds(10));
    }

    @LocalServerPort
    int port;

    @Autowired
    SessionRepository repository;

    @Autowired
    DatabaseClient db;

    private record Answer(int status, JsonNode body, boolean durableWhenAnswered) {
    }

    @Test
    void whenManyGuestsArriveAtOnceThenEachIsCreatedDistinctAndCommittedBeforeItsAnswerWithoutA503() {
        UUID org = UUID.randomUUID();
        String context = CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.CONSUMER, Principal.apiKey("key_pk"), "req-burst"));
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        DatabaseClient seen = DatabaseClient.create(observer());

        List<Answer> answers = Flux.range(0, GUESTS)
                .flatMap(i -> client.post().uri("/api/v1/auth/guest").header(InternalContext.HEADER, context)
                        .exchangeToMono(response -> response.bodyToMono(JsonNode.class)
                                .map(body -> new Answer(response.statusCode().value(), body, false)))
                        // Checked the moment the answer arrives, from another connection: only committed rows show.
                        .flatMap(answer -> answer.status() != 201 ? Mono.just(answer)
                                : committed(seen, org, answer.body()).map(durable -> new Answer(201, answer.body(), durable))),
                        CONCURRENCY)
                .collectList()
                .block(Duration.ofMinutes(3));

        assertThat(answers).hasSize(GUESTS);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as("status (%s)", answer.body()).isEqualTo(201);
            assertThat(answer.durableWhenAnswered()).as("committed when answered").isTrue();
        });
        Set<String> consumers = new HashSet<>();
        Set<String> sessions = new HashSet<>();
        Set<String> refreshTokens = new HashSet<>();
        answers.forEach(answer -> {
            consumers.add(answer.body().get("session").get("consumerId").stringValue());
            sessions.add(answer.body().get("session").get("sessionId").stringValue());
            refreshTokens.add(answer.body().get("refreshToken").stringValue());
        });
        assertThat(consumers).hasSize(GUESTS);
        assertThat(sessions).hasSize(GUESTS);
        assertThat(refreshTokens).hasSize(GUESTS);

        // One batch, one statement, one created_at: the burst took fewer commits than guests.
        Long commits = db.sql("SELECT count(DISTINCT created_at) FROM consumer_sessions WHERE organization_id = :org")
                .bind("org", org).map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(30));
        assertThat(commits).isLessThan((long) GUESTS);
    }

    @Test
    void whenOneRowOfABatchFailsThenTheWholeBatchIsRefusedAndNoneOfItsRowsRemain() {
        UUID org = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = now.plus(Duration.ofDays(30));
        GuestSessions.Guest first = guest(org, SessionSecrets.hash("rt_first"));
        assertThat(repository.insertGuests(List.of(first), now, expiresAt).block(Duration.ofSeconds(30))).isEqualTo(1L);

        // The last guest's refresh-token hash is already taken: its insert fails after the batch's consumers and
        // sessions were written by the same statement.
        List<GuestSessions.Guest> batch = List.of(guest(org, SessionSecrets.hash("rt_a")), guest(org, SessionSecrets.hash("rt_b")),
                guest(org, SessionSecrets.hash("rt_first")));
        assertThatThrownBy(() -> repository.insertGuests(batch, now, expiresAt).block(Duration.ofSeconds(30)))
                .hasMessageContaining("refresh_tokens");

        for (String table : List.of("consumers", "consumer_sessions")) {
            assertThat(db.sql("SELECT count(*) FROM " + table + " WHERE organization_id = :org").bind("org", org)
                    .map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(30))).as(table).isEqualTo(1L);
        }
        assertThat(db.sql("SELECT count(*) FROM refresh_tokens WHERE session_id = ANY(:ids)")
                .bind("ids", batch.stream().map(GuestSessions.Guest::sessionId).toArray(UUID[]::new))
                .map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(30))).isZero();
    }

    private static GuestSessions.Guest guest(UUID org, byte[] hash) {
        return new GuestSessions.Guest(org, "live", Ids.newUuid(), Ids.newUuid(), Ids.newUuid(), hash);
    }

    /** Whether the answer's consumer, guest session and refresh token (by its hash) are committed rows of the tenant. */
    private static Mono<Boolean> committed(DatabaseClient seen, UUID org, JsonNode bundle) {
        JsonNode session = bundle.get("session");
        return seen.sql("SELECT count(*) FROM consumer_sessions s JOIN consumers c ON c.id = s.consumer_id "
                        + "JOIN refresh_tokens t ON t.session_id = s.id WHERE s.id = :session AND c.id = :consumer "
                        + "AND s.organization_id = :org AND c.organization_id = :org AND s.type = 'guest' AND t.token_hash = :hash "
                        + "AND t.expires_at = s.expires_at")
                .bind("session", Ids.parse("sess", session.get("sessionId").stringValue()).orElseThrow())
                .bind("consumer", Ids.parse("cons", session.get("consumerId").stringValue()).orElseThrow())
                .bind("org", org)
                .bind("hash", SessionSecrets.hash(bundle.get("refreshToken").stringValue()))
                .map(row -> row.get(0, Long.class))
                .one()
                .map(count -> count == 1L);
    }
}
