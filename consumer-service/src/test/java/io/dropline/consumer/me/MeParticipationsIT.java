package io.dropline.consumer.me;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestInfra;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/consumers/me} with its participations, against real PostgreSQL and Redis; experiences-service
 * is played by a real HTTP server in this JVM (an external boundary of this module), which can also fail or stall.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class MeParticipationsIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    /** How the stand-in experiences-service behaves. */
    enum Mode { UP, FAILING, HANGING_UP, STALLING }

    private static final AtomicReference<Mode> MODE = new AtomicReference<>(Mode.UP);
    private static final List<InternalContext> CALLS = new CopyOnWriteArrayList<>();
    private static final DisposableServer EXPERIENCES_SERVICE = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/internal/participations/{consumerId}", (request, response) -> {
                Optional<InternalContext> context = CODEC.verify(request.requestHeaders().get(InternalContext.HEADER));
                context.ifPresent(CALLS::add);
                if (context.isEmpty() || context.get().surface() != ApiSurface.INTERNAL) {
                    return response.status(404).send();
                }
                return switch (MODE.get()) {
                    case FAILING -> response.status(503).send();
                    case HANGING_UP -> response.withConnection(connection -> connection.channel().close()).then();
                    case STALLING -> Mono.delay(Duration.ofSeconds(5)).then(response.status(200).send());
                    case UP -> response.status(200).header("Content-Type", "application/json")
                            .sendString(Mono.just(participations(request.param("consumerId")))).then();
                };
            }))
            .bindNow();

    private static final String EXPERIENCE = Ids.newId("exp");
    private static final String EARLY_ACCESS = Ids.newId("seq");
    private static final String GENERAL = Ids.newId("seq");
    private static final String WAITING = Ids.newId("queue");
    private static final String GRANTED = Ids.newId("queue");
    private static final String TIMED_RELEASE = Ids.newId("trel");
    private static final String WAITLIST = Ids.newId("wl");
    private static final String DRAW = Ids.newId("draw");
    private static final String APPOINTMENT = Ids.newId("appt");

    /** Two queues of one experience: waiting in one (early access), a grant in the other (general); a draw entered (general). */
    private static String participations(String consumerId) {
        return """
                {"consumerId": "%s", "queues": {
                  "%s": {"queueId": "%s", "status": "QUEUED", "position": 7, "estimatedWaitTimeInSeconds": 42,
                         "experienceId": "%s", "sequenceId": "%s"},
                  "%s": {"queueId": "%s", "status": "GRANTED", "admissionGrant": "eyJ.grant", "expiresAt": "2030-01-01T00:00:00Z",
                         "experienceId": "%s", "sequenceId": "%s", "addedLater": true}},
                 "draws": {
                  "%s": {"drawId": "%s", "status": "ENTERED", "entryId": "dentry_01JD3Q6Z8WQ0X5T9R2M4N7B1CE",
                         "experienceId": "%s", "sequenceId": "%s"}},
                 "timedReleases": {"%s": {"timedReleaseId": "%s", "status": "GRANTED", "admissionGrant": "eyJ.tr"}},
                 "waitlists": {"%s": {"waitlistId": "%s", "status": "WAITING", "sequenceId": "%s"}},
                 "appointments": {"%s": {"appointmentId": "%s", "status": "BOOKED", "booking": {"confirmationCode": "K7Q2XMAB"}}}}
                """.formatted(consumerId, WAITING, WAITING, EXPERIENCE, EARLY_ACCESS, GRANTED, GRANTED, EXPERIENCE, GENERAL,
                DRAW, DRAW, EXPERIENCE, GENERAL, TIMED_RELEASE, TIMED_RELEASE, WAITLIST, WAITLIST, GENERAL, APPOINTMENT, APPOINTMENT);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "consumer");
        registry.add("dropline.consumer.experiences.base-url", () -> "http://127.0.0.1:" + EXPERIENCES_SERVICE.port());
    }

    @AfterAll
    static void stopExperiencesService() {
        EXPERIENCES_SERVICE.disposeNow();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    CircuitBreakerRegistry breakers;

    UUID org;
    String consumerId;
    String requestId;
    String consumerContext;

    @BeforeEach
    void newTenantAndConsumer() {
        org = UUID.randomUUID();
        MODE.set(Mode.UP);
        CALLS.clear();
        breakers.circuitBreaker("experiences").reset();
        JsonNode bundle = http.post().uri("/api/v1/auth/guest")
                .header(InternalContext.HEADER, CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.CONSUMER,
                        Principal.apiKey("key_pk"), "req-guest")))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        consumerId = bundle.get("session").get("consumerId").stringValue();
        requestId = "req-" + UUID.randomUUID();
        consumerContext = CODEC.sign(CODEC.create(org, Environment.LIVE, ApiSurface.CONSUMER, Principal.guest(consumerId, "key_pk"), requestId));
    }

    private JsonNode me() {
        return http.get().uri("/api/v1/consumers/me").header(InternalContext.HEADER, consumerContext).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void whenExperiencesServiceAnswersThenActiveHoldsTheQueuesByIdAndByExperienceAndSequence() {
        JsonNode me = me();

        assertThat(me.get("id").stringValue()).isEqualTo(consumerId);
        assertThat(me.has("activeUnavailable")).isFalse();
        JsonNode active = me.get("active");
        assertThat(active.get("queues").propertyNames()).containsExactly(WAITING, GRANTED);
        assertThat(active.get("queues").get(WAITING).get("status").stringValue()).isEqualTo("QUEUED");
        assertThat(active.get("queues").get(WAITING).get("position").longValue()).isEqualTo(7);
        assertThat(active.get("queues").get(GRANTED).get("admissionGrant").stringValue()).isEqualTo("eyJ.grant");
        assertThat(active.get("queues").get(GRANTED).get("addedLater").booleanValue()).isTrue();
        JsonNode sequences = active.get("experiences").get(EXPERIENCE).get("sequences");
        assertThat(sequences.propertyNames()).containsExactlyInAnyOrder(EARLY_ACCESS, GENERAL);
        assertThat(sequences.get(EARLY_ACCESS).get("queue").get("queueId").stringValue()).isEqualTo(WAITING);
        assertThat(sequences.get(GENERAL).get("queue").get("status").stringValue()).isEqualTo("GRANTED");
        assertThat(sequences.get(EARLY_ACCESS).has("draw")).isFalse();
        assertThat(active.get("draws").propertyNames()).containsExactly(DRAW);
        assertThat(active.get("draws").get(DRAW).get("entryId").stringValue()).startsWith("dentry_");
        assertThat(sequences.get(GENERAL).get("draw").get("status").stringValue()).isEqualTo("ENTERED");
    }

    @Test
    void whenExperiencesServiceAnswersThenActiveHoldsTheTimedReleasesAndWaitlistsAsSent() {
        JsonNode active = me().get("active");

        assertThat(active.get("timedReleases").get(TIMED_RELEASE).get("admissionGrant").stringValue()).isEqualTo("eyJ.tr");
        assertThat(active.get("waitlists").get(WAITLIST).get("status").stringValue()).isEqualTo("WAITING");
        assertThat(active.get("appointments").get(APPOINTMENT).get("booking").get("confirmationCode").stringValue()).isEqualTo("K7Q2XMAB");
    }

    @Test
    void whenCalledThenExperiencesServiceReceivesASignedInternalContextOfTheSameTenantAsThisService() {
        me();

        assertThat(CALLS).hasSize(1);
        InternalContext received = CALLS.get(0);
        assertThat(received.surface()).isEqualTo(ApiSurface.INTERNAL);
        assertThat(received.organizationId()).isEqualTo(org);
        assertThat(received.environment()).isEqualTo(Environment.LIVE);
        assertThat(received.principal()).isEqualTo(Principal.service("consumer-service"));
        assertThat(received.requestId()).isEqualTo(requestId);
    }

    @Test
    void whenExperiencesServiceFailsThenProfileWithActiveNullAndUnavailableAfterOneRetry(CapturedOutput output) {
        MODE.set(Mode.FAILING);

        JsonNode me = me();

        assertPartial(me);
        assertThat(CALLS).hasSize(2);
        assertThat(output.getOut()).contains("WARN").contains(requestId);
    }

    @Test
    void whenExperiencesServiceHangsUpThenProfileWithActiveNullAndUnavailable() {
        MODE.set(Mode.HANGING_UP);

        assertPartial(me());
        assertThat(CALLS).hasSize(2);
    }

    @Test
    void whenExperiencesServiceStallsThenProfileWithActiveNullAndUnavailableWithinTheDeadline(CapturedOutput output) {
        MODE.set(Mode.STALLING);

        long started = System.nanoTime();
        JsonNode me = me();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertPartial(me);
        // The deadline is 1.2 s; the stand-in would answer only after 5 s. Slack for a loaded test machine.
        assertThat(took).isLessThan(Duration.ofMillis(2500));
        assertThat(output.getOut()).contains("WARN").contains(requestId);
    }

    @Test
    void whenTheBreakerIsOpenThenExperiencesServiceIsNotAskedAndTheAnswerSaysSo() {
        breakers.circuitBreaker("experiences").transitionToOpenState();

        assertPartial(me());
        assertThat(CALLS).isEmpty();
    }

    private void assertPartial(JsonNode me) {
        assertThat(me.get("id").stringValue()).isEqualTo(consumerId);
        assertThat(me.has("createdAt")).isTrue();
        assertThat(me.has("active")).isTrue();
        assertThat(me.get("active").isNull()).isTrue();
        assertThat(me.get("activeUnavailable").booleanValue()).isTrue();
    }
}
