package io.dropline.experiences.access.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.experiences.access.queue.AdminCalls;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * The Consumer API journey against real PostgreSQL and Redis; audience-service is played by a real HTTP server
 * in this JVM (an external boundary of this module), which can also fail or stall.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class JourneyIT {

    private static final InternalContextCodec CODEC = new InternalContextCodec(TestInfra.INTERNAL_SECRET);

    /** How the stand-in audience-service behaves. */
    enum Mode { UP, FAILING, STALLING }

    private static final Set<String> KNOWN_AUDIENCES = ConcurrentHashMap.newKeySet();
    private static final Set<String> MEMBERS = ConcurrentHashMap.newKeySet();
    private static final AtomicReference<Mode> MODE = new AtomicReference<>(Mode.UP);
    private static final List<InternalContext> CALLS = new CopyOnWriteArrayList<>();
    private static final DisposableServer AUDIENCE_SERVICE = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.get("/internal/audiences/{audienceId}/members/{consumerId}", (request, response) -> {
                Optional<InternalContext> context = CODEC.verify(request.requestHeaders().get(InternalContext.HEADER));
                context.ifPresent(CALLS::add);
                if (context.isEmpty() || context.get().surface() != ApiSurface.INTERNAL) {
                    return response.status(403).send();
                }
                String audience = request.param("audienceId");
                String consumer = request.param("consumerId");
                return switch (MODE.get()) {
                    case FAILING -> response.status(503).send();
                    case STALLING -> Mono.delay(Duration.ofSeconds(3)).then(response.status(200).send());
                    case UP -> !KNOWN_AUDIENCES.contains(audience)
                            ? response.status(404).header("Content-Type", "application/json").sendString(Mono.just("{\"error\":\"Audience not found\"}")).then()
                            : response.status(200).header("Content-Type", "application/json").sendString(Mono.just(
                                    "{\"audienceId\":\"" + audience + "\",\"consumerId\":\"" + consumer + "\",\"member\":"
                                            + MEMBERS.contains(audience + "/" + consumer) + "}")).then();
                };
            }))
            .bindNow();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences");
        registry.add("dropline.experiences.audience.base-url", () -> "http://127.0.0.1:" + AUDIENCE_SERVICE.port());
    }

    @AfterAll
    static void stopAudienceService() {
        AUDIENCE_SERVICE.disposeNow();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Autowired
    CircuitBreakerRegistry breakers;

    UUID org;
    AdminCalls admin;
    UUID consumer;
    String consumerContext;
    String guestContext;
    String anonymousContext;

    @BeforeEach
    void newTenantAndConsumer() {
        org = UUID.randomUUID();
        admin = new AdminCalls(http, db, TestContexts.admin(org));
        consumer = Ids.newUuid();
        consumerContext = TestContexts.consumer(org, Environment.LIVE, consumer, false);
        guestContext = TestContexts.consumer(org, Environment.LIVE, Ids.newUuid(), true);
        anonymousContext = publishableKeyOnly(org, Environment.LIVE);
        MODE.set(Mode.UP);
        CALLS.clear();
        breakers.circuitBreaker("audience").reset();
    }

    private static String publishableKeyOnly(UUID organization, Environment environment) {
        return CODEC.sign(CODEC.create(organization, environment, ApiSurface.CONSUMER, Principal.apiKey("key_pk"), "req-anon"));
    }

    // ---- fixtures through the Admin API ---------------------------------------------------------------------

    private String experience(Object... pairs) {
        return admin.post("/api/v1/experiences", body(Map.of("name", "Drop", "timeZone", "Europe/Berlin"), pairs)).get("id").stringValue();
    }

    private String sequence(String experienceId, String name, int priority, Object... pairs) {
        return admin.post("/api/v1/sequences", body(Map.of("experienceId", experienceId, "name", name, "priority", priority), pairs))
                .get("id").stringValue();
    }

    private String queue(String sequenceId, Object... pairs) {
        return admin.post("/api/v1/queues", body(Map.of("sequenceId", sequenceId, "name", "Line", "admitRate", 60, "capacity", 500), pairs))
                .get("id").stringValue();
    }

    private static Map<String, Object> body(Map<String, Object> base, Object... pairs) {
        Map<String, Object> body = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private WebTestClient.ResponseSpec route(String experienceId, String context, Object body) {
        WebTestClient.RequestBodySpec request = http.post().uri("/api/v1/experiences/{id}/route", experienceId)
                .header(InternalContext.HEADER, context);
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode routed(String experienceId, String context, Object body) {
        return route(experienceId, context, body).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<String> codes(JsonNode reasons) {
        return reasons.valueStream().map(reason -> reason.get("code").stringValue()).toList();
    }

    private JsonNode get(String path, String context) {
        return http.get().uri(path).header(InternalContext.HEADER, context).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    // ---- public views ---------------------------------------------------------------------------------------

    @Test
    void whenConsumerReadsExperienceThenPublicViewWithoutPrivateFields() {
        String audience = Ids.newId("aud");
        String id = experience("accessCode", "EXP-SECRET", "theme", Map.of("brand", "x"));
        String low = sequence(id, "General", 1, "color", "#00ff00");
        String high = sequence(id, "Members", 9, "accessCode", "SEQ-SECRET", "audienceId", audience);
        String upcoming = queue(high, "openAt", "2099-01-01T10:00:00Z", "supportsGuest", false, "metadata", Map.of("tier", "vip"));
        queue(low);

        for (String context : List.of(consumerContext, anonymousContext, guestContext)) {
            String raw = http.get().uri("/api/v1/experiences/" + id).header(InternalContext.HEADER, context).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(raw).doesNotContain("SECRET", audience, "accessCode", "audienceId", "organizationId", "admitRate",
                    "metadata", "theme", "statusOverride");
        }
        JsonNode view = get("/api/v1/experiences/" + id, consumerContext);
        // No commerce-service in this module's tests: the view answers without products, marked (ExperienceProductsIT).
        assertThat(view.propertyNames()).containsExactlyInAnyOrder("id", "name", "timeZone", "openAt", "closeAt", "status",
                "hasProtectedSequences", "sequences", "productsUnavailable");
        assertThat(view.get("hasProtectedSequences").booleanValue()).isTrue();
        assertThat(view.get("sequences").valueStream().map(s -> s.get("id").stringValue()).toList()).containsExactly(high, low);
        JsonNode first = view.get("sequences").get(0);
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("id", "name", "color", "priority", "queues", "timedReleases", "auctions",
                "waitlist", "appointments");
        JsonNode queue = first.get("queues").get(0);
        assertThat(queue.propertyNames()).containsExactlyInAnyOrder("id", "name", "capacity", "openAt", "closeAt", "status", "supportsGuest");
        assertThat(queue.get("id").stringValue()).isEqualTo(upcoming);
        assertThat(queue.get("status").stringValue()).isEqualTo("PENDING");
        assertThat(queue.get("supportsGuest").booleanValue()).isFalse();
        assertThat(view.get("sequences").get(1).get("queues").get(0).get("status").stringValue()).isEqualTo("OPEN");

        // The secret key still gets the admin view on the same path.
        assertThat(admin.get("/api/v1/experiences/" + id).get("accessCode").stringValue()).isEqualTo("EXP-SECRET");
    }

    @Test
    void whenConsumerReadsQueueThenPublicFieldsOnly() {
        String id = experience();
        String sequenceId = sequence(id, "General", 0);
        String queueId = queue(sequenceId, "openAt", "2020-01-01T00:00:00Z", "closeAt", "2020-01-02T00:00:00Z", "timeZone", "Europe/Paris",
                "metadata", Map.of("internal", "yes"), "maxAdmissions", 10);
        JsonNode view = get("/api/v1/queues/" + queueId, anonymousContext);
        assertThat(view.propertyNames()).containsExactlyInAnyOrder("id", "name", "sequenceId", "experienceId", "capacity", "openAt",
                "closeAt", "timeZone", "status", "supportsGuest");
        assertThat(view.get("status").stringValue()).isEqualTo("CLOSED");
        assertThat(view.get("sequenceId").stringValue()).isEqualTo(sequenceId);
        assertThat(view.get("experienceId").stringValue()).isEqualTo(id);
        assertThat(view.get("capacity").intValue()).isEqualTo(500);
        assertThat(view.get("timeZone").stringValue()).isEqualTo("Europe/Paris");
        assertThat(admin.get("/api/v1/queues/" + queueId).get("maxAdmissions").intValue()).isEqualTo(10);
    }

    @Test
    void whenAnotherTenantOrEnvironmentUsesIdsThenNotFoundAndNothingRecorded() {
        String id = experience();
        String queueId = queue(sequence(id, "General", 0));
        UUID stranger = Ids.newUuid();
        for (String foreign : List.of(TestContexts.consumer(UUID.randomUUID(), Environment.LIVE, stranger, false),
                TestContexts.consumer(org, Environment.TEST, stranger, false), publishableKeyOnly(UUID.randomUUID(), Environment.LIVE))) {
            http.get().uri("/api/v1/experiences/" + id).header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Experience not found");
            http.get().uri("/api/v1/queues/" + queueId).header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound()
                    .expectBody().jsonPath("$.error").isEqualTo("Queue not found");
            route(id, foreign, Map.of()).expectStatus().isNotFound();
        }
        for (String foreign : List.of(TestContexts.consumer(UUID.randomUUID(), Environment.LIVE, stranger, false),
                TestContexts.consumer(org, Environment.TEST, stranger, false))) {
            http.post().uri("/api/v1/experiences/" + id + "/enter").header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound();
            http.delete().uri("/api/v1/experiences/" + id + "/leave").header(InternalContext.HEADER, foreign).exchange().expectStatus().isNotFound();
        }
        for (String unknown : List.of(Ids.newId("exp"), "exp_x", queueId)) {
            http.get().uri("/api/v1/experiences/" + unknown).header(InternalContext.HEADER, consumerContext).exchange().expectStatus().isNotFound();
            route(unknown, consumerContext, null).expectStatus().isNotFound();
        }
        // The journey routes are the Consumer API's: a secret key does not reach them.
        route(id, TestContexts.admin(org), null).expectStatus().isNotFound();
        admin.expectCount("SELECT count(*) FROM experience_entries WHERE organization_id = '" + org + "'", 0);
    }

    // ---- enter / leave --------------------------------------------------------------------------------------

    @Test
    void whenEnteringTwiceThenSameStayAndLeavingIsIdempotent() {
        String id = experience();
        String queueId = queue(sequence(id, "General", 0));
        JsonNode first = http.post().uri("/api/v1/experiences/" + id + "/enter").header(InternalContext.HEADER, consumerContext).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.get("experienceId").stringValue()).isEqualTo(id);
        assertThat(first.get("experience").get("id").stringValue()).isEqualTo(id);
        assertThat(first.get("experience").has("sequences")).isTrue();
        String enteredAt = first.get("enteredAt").stringValue();
        JsonNode again = http.post().uri("/api/v1/experiences/" + id + "/enter").header(InternalContext.HEADER, consumerContext).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("enteredAt").stringValue()).isEqualTo(enteredAt);
        admin.expectCount("SELECT count(*) FROM experience_entries WHERE consumer_id = '" + consumer + "' AND left_at IS NULL", 1);

        http.post().uri("/api/v1/queues/" + queueId + "/enter").header(InternalContext.HEADER, consumerContext).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("QUEUED");

        for (int i = 0; i < 2; i++) {
            http.delete().uri("/api/v1/experiences/" + id + "/leave").header(InternalContext.HEADER, consumerContext).exchange()
                    .expectStatus().isOk().expectBody().json("{\"left\":true}", true);
        }
        admin.expectCount("SELECT count(*) FROM experience_entries WHERE consumer_id = '" + consumer + "' AND left_at IS NOT NULL", 1);
        // Leaving the experience left its queue too.
        http.get().uri("/api/v1/queues/" + queueId + "/status").header(InternalContext.HEADER, consumerContext).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("LEFT");

        JsonNode back = http.post().uri("/api/v1/experiences/" + id + "/enter").header(InternalContext.HEADER, guestContext).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(back.get("enteredAt").isString()).isTrue();
        JsonNode reentered = http.post().uri("/api/v1/experiences/" + id + "/enter").header(InternalContext.HEADER, consumerContext).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(Instant.parse(reentered.get("enteredAt").stringValue())).isAfterOrEqualTo(Instant.parse(enteredAt));
        admin.expectCount("SELECT count(*) FROM experience_entries WHERE organization_id = '" + org + "' AND left_at IS NULL", 2);
    }

    @Test
    void whenNoConsumerTokenThenEnterAndLeaveNeedAuthentication() {
        String id = experience();
        http.post().uri("/api/v1/experiences/" + id + "/enter").header(InternalContext.HEADER, anonymousContext).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Authentication required");
        http.delete().uri("/api/v1/experiences/" + id + "/leave").header(InternalContext.HEADER, anonymousContext).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error").isEqualTo("Authentication required");
        admin.expectCount("SELECT count(*) FROM experience_entries WHERE organization_id = '" + org + "'", 0);
    }

    // ---- routing --------------------------------------------------------------------------------------------

    @Test
    void whenNoSequencesThenNoAccessWithNoSequences() {
        String id = experience();
        JsonNode answer = routed(id, consumerContext, null);
        assertThat(answer.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(answer.get("outcome").stringValue()).isEqualTo("no_access");
        assertThat(answer.has("selected")).isFalse();
        assertThat(answer.get("offers").size()).isZero();
        assertThat(codes(answer.get("outcomeReasons"))).containsExactly("NO_SEQUENCES");
    }

    @Test
    void whenSeveralOpenPathsThenHighestPrioritySelectedAndAllOffered() {
        String id = experience();
        String low = sequence(id, "Low", 1);
        String high = sequence(id, "High", 7, "color", "#ff0000");
        String middle = sequence(id, "Middle", 3);
        for (String sequence : List.of(low, high, middle)) {
            queue(sequence);
        }
        JsonNode answer = routed(id, consumerContext, Map.of());
        assertThat(answer.get("outcome").stringValue()).isEqualTo("routed");
        JsonNode selected = answer.get("selected");
        assertThat(selected.get("status").stringValue()).isEqualTo("admissible");
        assertThat(selected.get("gates").size()).isZero();
        assertThat(selected.get("reasons").size()).isZero();
        assertThat(selected.get("sequence").get("id").stringValue()).isEqualTo(high);
        assertThat(selected.get("sequence").get("experienceId").stringValue()).isEqualTo(id);
        assertThat(selected.get("sequence").get("priority").intValue()).isEqualTo(7);
        assertThat(selected.get("sequence").get("color").stringValue()).isEqualTo("#ff0000");
        assertThat(selected.get("sequence").get("availability").stringValue()).isEqualTo("open");
        assertThat(answer.get("offers").valueStream().map(o -> o.get("sequence").get("id").stringValue()).toList())
                .containsExactly(high, middle, low);
        assertThat(answer.get("outcomeReasons").size()).isZero();
    }

    @Test
    void whenNoConsumerTokenThenAuthenticationGate() {
        String id = experience();
        queue(sequence(id, "General", 0));
        JsonNode answer = routed(id, anonymousContext, null);
        assertThat(answer.get("outcome").stringValue()).isEqualTo("gated");
        assertThat(answer.get("offers").size()).isZero();
        JsonNode gate = answer.get("selected").get("gates").get(0);
        assertThat(gate.get("type").stringValue()).isEqualTo("authentication");
        assertThat(gate.get("status").stringValue()).isEqualTo("required");
        assertThat(gate.get("reason").get("code").stringValue()).isEqualTo("AUTH_REQUIRED");
        assertThat(answer.get("selected").get("status").stringValue()).isEqualTo("gated");
        assertThat(codes(answer.get("outcomeReasons"))).containsExactly("AUTH_REQUIRED");
    }

    @Test
    void whenGuestMeetsVerifiedOnlyPathThenAuthenticationGateAndGuestPathStillRoutes() {
        String id = experience();
        String verified = sequence(id, "Verified", 5);
        queue(verified, "supportsGuest", false);
        JsonNode gated = routed(id, guestContext, null);
        assertThat(gated.get("outcome").stringValue()).isEqualTo("gated");
        assertThat(gated.get("selected").get("gates").get(0).get("type").stringValue()).isEqualTo("authentication");
        assertThat(routed(id, consumerContext, null).get("outcome").stringValue()).isEqualTo("routed");

        String open = sequence(id, "Everyone", 1);
        queue(open);
        JsonNode routed = routed(id, guestContext, null);
        assertThat(routed.get("outcome").stringValue()).isEqualTo("routed");
        assertThat(routed.get("selected").get("sequence").get("id").stringValue()).isEqualTo(open);
        assertThat(codes(routed.get("outcomeReasons"))).containsExactly("AUTH_REQUIRED");
    }

    @Test
    void whenSequenceCodeMissingInvalidOrValidThenGatedOrRoutedWithoutEchoingTheCode() {
        String id = experience();
        String vip = sequence(id, "VIP", 10, "accessCode", "VIP-2030");
        queue(vip);

        JsonNode missing = routed(id, consumerContext, Map.of());
        assertThat(missing.get("outcome").stringValue()).isEqualTo("gated");
        JsonNode gate = missing.get("selected").get("gates").get(0);
        assertThat(gate.get("type").stringValue()).isEqualTo("access_code");
        assertThat(gate.get("status").stringValue()).isEqualTo("missing");
        assertThat(gate.get("reason").get("code").stringValue()).isEqualTo("ACCESS_CODE_REQUIRED");

        String invalidRaw = route(id, consumerContext, Map.of("accessCode", "VIP-2031")).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(invalidRaw).doesNotContain("VIP-203");
        JsonNode invalid = routed(id, consumerContext, Map.of("accessCode", "VIP-2031"));
        assertThat(invalid.get("selected").get("gates").get(0).get("status").stringValue()).isEqualTo("invalid");
        assertThat(codes(invalid.get("outcomeReasons"))).containsExactly("ACCESS_CODE_INVALID");

        // A general path below: no code routes there, a wrong code is still reported, the right code opens VIP.
        String general = sequence(id, "General", 0);
        queue(general);
        JsonNode noCode = routed(id, consumerContext, Map.of());
        assertThat(noCode.get("selected").get("sequence").get("id").stringValue()).isEqualTo(general);
        assertThat(codes(noCode.get("outcomeReasons"))).containsExactly("ACCESS_CODE_REQUIRED");
        assertThat(routed(id, consumerContext, Map.of("accessCode", "wrong")).get("outcome").stringValue()).isEqualTo("gated");
        String validRaw = route(id, consumerContext, Map.of("accessCode", " VIP-2030 ")).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(validRaw).doesNotContain("VIP-2030");
        JsonNode valid = routed(id, consumerContext, Map.of("accessCode", "VIP-2030"));
        assertThat(valid.get("outcome").stringValue()).isEqualTo("routed");
        assertThat(valid.get("selected").get("sequence").get("id").stringValue()).isEqualTo(vip);
        assertThat(valid.get("offers").size()).isEqualTo(2);
    }

    @Test
    void whenExperienceHasCodeThenPathsWithoutOwnCodeNeedIt() {
        String id = experience("accessCode", "DOOR");
        String own = sequence(id, "Own code", 5, "accessCode", "OWN");
        String inherits = sequence(id, "Inherits", 1);
        queue(own);
        queue(inherits);
        JsonNode missing = routed(id, consumerContext, null);
        assertThat(missing.get("outcome").stringValue()).isEqualTo("gated");
        assertThat(missing.get("selected").get("sequence").get("id").stringValue()).isEqualTo(own);
        JsonNode door = routed(id, consumerContext, Map.of("accessCode", "DOOR"));
        assertThat(door.get("outcome").stringValue()).isEqualTo("routed");
        assertThat(door.get("selected").get("sequence").get("id").stringValue()).isEqualTo(inherits);
        assertThat(routed(id, consumerContext, Map.of("accessCode", "OWN")).get("selected").get("sequence").get("id").stringValue())
                .isEqualTo(own);
        assertThat(get("/api/v1/experiences/" + id, consumerContext).get("hasProtectedSequences").booleanValue()).isTrue();
    }

    @Test
    void whenAudiencePathThenMembersRoutedAndOthersPassedOverNeutrally() {
        String audience = Ids.newId("aud");
        KNOWN_AUDIENCES.add(audience);
        String id = experience();
        String members = sequence(id, "Members", 10, "audienceId", audience);
        queue(members);

        JsonNode stranger = routed(id, consumerContext, null);
        assertThat(stranger.get("outcome").stringValue()).isEqualTo("no_access");
        assertThat(codes(stranger.get("outcomeReasons"))).containsExactly("NO_ACCESS");
        assertThat(CALLS).hasSize(1);
        InternalContext call = CALLS.get(0);
        assertThat(call.surface()).isEqualTo(ApiSurface.INTERNAL);
        assertThat(call.organizationId()).isEqualTo(org);
        assertThat(call.environment()).isEqualTo(Environment.LIVE);
        assertThat(call.principal()).isEqualTo(Principal.service("experiences-service"));

        String general = sequence(id, "General", 0);
        queue(general);
        String raw = route(id, consumerContext, null).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).doesNotContain(audience, members, "Members");
        JsonNode passedOver = routed(id, consumerContext, null);
        assertThat(passedOver.get("selected").get("sequence").get("id").stringValue()).isEqualTo(general);
        assertThat(codes(passedOver.get("outcomeReasons"))).containsExactly("AUDIENCE_NOT_MEMBER");

        MEMBERS.add(audience + "/" + Ids.format("cons", consumer));
        JsonNode member = routed(id, consumerContext, null);
        assertThat(member.get("selected").get("sequence").get("id").stringValue()).isEqualTo(members);
        assertThat(member.get("offers").size()).isEqualTo(2);

        // An audience audience-service does not know (404) is "not a member".
        admin.put("/api/v1/sequences/" + members, Map.of("audienceId", Ids.newId("aud")));
        assertThat(routed(id, consumerContext, null).get("selected").get("sequence").get("id").stringValue()).isEqualTo(general);
    }

    @Test
    void whenPathsClosedOrUpcomingThenClosedPassedOverAndUpcomingRouted() {
        String id = experience();
        String ended = sequence(id, "Ended", 10);
        queue(ended, "openAt", "2020-01-01T00:00:00Z", "closeAt", "2020-01-02T00:00:00Z");
        String stopped = sequence(id, "Stopped", 8);
        String stoppedQueue = queue(stopped);
        admin.put("/api/v1/queues/" + stoppedQueue, Map.of("statusOverride", "ended"));
        String later = sequence(id, "Later", 5);
        queue(later, "openAt", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        sequence(id, "Empty", 3);

        JsonNode answer = routed(id, consumerContext, null);
        assertThat(answer.get("outcome").stringValue()).isEqualTo("routed");
        assertThat(answer.get("selected").get("sequence").get("id").stringValue()).isEqualTo(later);
        assertThat(answer.get("selected").get("sequence").get("availability").stringValue()).isEqualTo("upcoming");
        assertThat(answer.get("offers").size()).isEqualTo(1);

        admin.send("DELETE", "/api/v1/sequences/" + later, null).expectStatus().isOk();
        JsonNode none = routed(id, consumerContext, null);
        assertThat(none.get("outcome").stringValue()).isEqualTo("no_access");
        assertThat(codes(none.get("outcomeReasons"))).containsExactly("NO_ACCESS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"accessCode\": \"x\", \"sequenceId\": \"seq_x\"}", "{\"accessCode\": 1234}", "{\"accessCode\": {\"a\": 1}}",
            "{\"accessCode\": [\"x\"]}", "[]", "\"code\"", "{\"accessCode\": \"a\u0001b\"}", "{\"accessCode\": \"x\"} trailing", "{"})
    void whenRouteBodyIsBadThenBadRequest(String body) {
        String id = experience();
        queue(sequence(id, "General", 0));
        http.post().uri("/api/v1/experiences/" + id + "/route").header(InternalContext.HEADER, consumerContext)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").exists();
    }

    @Test
    void whenAccessCodeOversizedThenBadRequestForThatField() {
        String id = experience();
        route(id, consumerContext, Map.of("accessCode", "x".repeat(RouteRequest.MAX_CODE + 1))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("Validation failed").jsonPath("$.details[0].field").isEqualTo("accessCode");
    }

    // ---- audience-service outage ----------------------------------------------------------------------------

    @Test
    void whenAudienceServiceFailsThenServiceUnavailableAfterOneRetryNeverNotMember() {
        String audience = Ids.newId("aud");
        KNOWN_AUDIENCES.add(audience);
        String id = experience();
        queue(sequence(id, "Members", 10, "audienceId", audience));
        queue(sequence(id, "General", 0));
        MODE.set(Mode.FAILING);

        route(id, consumerContext, null).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody().jsonPath("$.error").isEqualTo("Service unavailable").jsonPath("$.code").isEqualTo("AUDIENCE_UNAVAILABLE");
        assertThat(CALLS).hasSize(2);

        // Paths without an audience do not call it, so routing still works for anonymous callers.
        assertThat(routed(id, anonymousContext, null).get("outcome").stringValue()).isEqualTo("gated");

        MODE.set(Mode.STALLING);
        route(id, consumerContext, null).expectStatus().isEqualTo(503).expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");

        MODE.set(Mode.UP);
        assertThat(routed(id, consumerContext, null).get("outcome").stringValue()).isEqualTo("routed");
    }

    @Test
    void whenBreakerOpenThenServiceUnavailableWithoutCallingAudienceService() {
        String audience = Ids.newId("aud");
        KNOWN_AUDIENCES.add(audience);
        String id = experience();
        queue(sequence(id, "Members", 10, "audienceId", audience));
        breakers.circuitBreaker("audience").transitionToOpenState();
        route(id, consumerContext, null).expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody().jsonPath("$.code").isEqualTo("AUDIENCE_UNAVAILABLE");
        assertThat(CALLS).isEmpty();
    }
}
