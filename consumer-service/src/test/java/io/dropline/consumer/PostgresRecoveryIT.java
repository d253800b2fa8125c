package io.dropline.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.testsupport.PostgresOutageChecks;
import io.dropline.contracts.testsupport.PostgresRecoveryContract;
import io.dropline.contracts.testsupport.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** PostgreSQL restarts under a running consumer-service and comes back: see {@link PostgresRecoveryContract}. */
class PostgresRecoveryIT extends PostgresRecoveryContract.WithRoutes {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    PostgresRecoveryIT() {
        super("/api/v1/consumers");
    }

    private record Answer(int status, String retryAfter, String body) {
    }

    /**
     * Guest sessions are group-committed: a batch that cannot reach PostgreSQL fails each of its guests exactly as a
     * lone guest would have failed (503, Retry-After, SERVICE_UNAVAILABLE), none of them half-written, and the first
     * guest after the outage is created.
     */
    @Test
    void whenPostgresqlIsDownThenEveryGuestOfABurstAnswers503WithRetryAfterAndNothingIsWritten() {
        UUID org = UUID.randomUUID();
        String context = CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.CONSUMER, Principal.apiKey("key_pk"), "req-outage"));
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        PostgresOutageChecks.warm(pool);
        List<Answer> answers;
        try {
            postgres.cut();
            answers = Flux.range(0, 24)
                    .flatMap(i -> client.post().uri("/api/v1/auth/guest").header(InternalContext.HEADER, context)
                            .exchangeToMono(response -> response.bodyToMono(String.class).map(body -> new Answer(
                                    response.statusCode().value(), response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), body))), 24)
                    .collectList()
                    .block(Duration.ofMinutes(2));
        } finally {
            postgres.restore();
        }
        assertThat(answers).hasSize(24).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.retryAfter()).isNotBlank();
            assertThat(answer.body()).contains("SERVICE_UNAVAILABLE");
        });

        for (String table : List.of("consumers", "consumer_sessions")) {
            assertThat(db.sql("SELECT count(*) FROM " + table + " WHERE organization_id = :org").bind("org", org)
                    .map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(30))).as(table).isZero();
        }
        http.post().uri("/api/v1/auth/guest").header(InternalContext.HEADER, context).exchange().expectStatus().isCreated();
    }
}
