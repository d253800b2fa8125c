package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The opening burst's durability, shown (issue 16): new visitors run journeys (a guest session, then joining the queue)
 * through the real gateway to real consumer-service and experiences-service processes; mid-burst experiences-service is
 * killed with SIGKILL (a dozen more journeys start while it is dead) and started again on the same port and database,
 * and the journeys go on until the new process has acknowledged joins too. Afterwards
 * nothing acknowledged is lost: every join the gateway answered 2xx is a row of {@code queue_entries}, and every guest
 * session answered 201 still works (the visitors whose join failed or never came join now; the others read their
 * status).
 * <p>
 * Deterministic on a loaded machine: the kill comes after a count of acknowledged joins, not after a time; the burst
 * ends after a count of joins acknowledged by the restarted process; every wait is bounded and generous; and no latency
 * or failure window is asserted (ScaledMeshEndToEndIT bounds the failure window; here what is checked is the data).
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperiencesKillJourneyIT {

    /** Journeys in flight at once: a burst that a loaded two-core machine answers well within the response timeout. */
    private static final int CONCURRENT_JOURNEYS = 4;
    /** Joins acknowledged before the kill, so that it lands mid-burst. */
    private static final int JOINS_BEFORE_KILL = 30;
    /**
     * Journeys started while experiences-service is dead: sessions still succeed, their joins fail at once. No more start
     * until it is back (its restart takes tens of seconds on a loaded machine, when thousands would start otherwise).
     */
    private static final int JOURNEYS_WHILE_DEAD = 12;
    /** Joins acknowledged by the restarted process before the burst stops. */
    private static final int JOINS_AFTER_RESTART = 20;
    private static final Set<String> IN_QUEUE = Set.of("QUEUED", "GRANTED");

    static ServiceProcess experiences;
    static ServiceProcess consumers;
    static String experiencesDatabase;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String namespace = TestInfra.freshRedisNamespace();
        experiencesDatabase = TestInfra.freshDatabase("experiences");
        int experiencesPort = ServiceProcess.freePort();
        String nobody = EchoServer.deadUrl();
        experiences = ServiceProcess.launch("experiences-service", experiencesDatabase, namespace, TestInfra.redis(),
                List.of("--dropline.experiences.audience.base-url=" + nobody, "--dropline.experiences.commerce.base-url=" + nobody),
                experiencesPort);
        consumers = ServiceProcess.launch("consumer-service", TestInfra.freshDatabase("consumer"), namespace, TestInfra.redis(),
                List.of("--dropline.consumer.experiences.base-url=http://127.0.0.1:" + experiencesPort), ServiceProcess.freePort());

        TestInfra.registerService(registry, "gateway", TestInfra.freshDatabase("gateway"), namespace);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> switch (service) {
                    case "experiences" -> experiences.baseUrl();
                    case "consumer" -> consumers.baseUrl();
                    default -> echo;
                }));
        // Every visitor comes from 127.0.0.1, and the burst is not what rate limits are tested with.
        registry.add("dropline.gateway.rate-limit.categories.auth.per-minute", () -> "10000000");
        registry.add("dropline.gateway.rate-limit.categories[consumer_ceiling].per-minute", () -> "10000000");
        registry.add("dropline.gateway.rate-limit.categories[queue_entry].per-minute", () -> "10000000");
        registry.add("dropline.gateway.rate-limit.categories[queue_entry].burst", () -> "10000000");
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopServices() {
        experiences.close();
        consumers.close();
    }

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    WebClient http;
    Tenants.Tenant shop;

    @BeforeAll
    void servicesAndTenant() {
        experiences.awaitReady();
        consumers.awaitReady();
        http = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create()
                        .responseTimeout(Duration.ofSeconds(20))))
                .build();
        shop = Tenants.create(context, "kill-journey-shop");
    }

    /** One request, as the client saw it: status 0 when no answer came. */
    record Call(String kind, int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status <= 299;
        }
    }

    /** A visitor: their guest session (null when it was not created) and their join (null when none was made). */
    record Journey(Call session, Call join) {

        boolean sessionCreated() {
            return session.status() == 201;
        }

        boolean acknowledged() {
            return join != null && join.ok();
        }

        String token() {
            return session.body().path("accessToken").stringValue();
        }

        UUID consumer() {
            return uuid(session.body().at("/session/consumerId").stringValue());
        }
    }

    @Test
    void whenExperiencesServiceIsKilledMidBurstThenEveryAcknowledgedJoinIsStoredAndEverySessionStillWorks() {
        String queue = createQueue();
        Queue<Journey> journeys = new ConcurrentLinkedQueue<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong started = new AtomicLong();
        AtomicLong mayStart = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();

        CompletableFuture<Void> burst = Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(ignored -> !stop.get())
                .flatMap(ignored -> allowed(() -> stop.get() || started.get() < mayStart.get())
                        .then(Mono.defer(() -> {
                            started.incrementAndGet();
                            return journey(queue);
                        }))
                        .doOnNext(journeys::add)
                        .doOnNext(journey -> {
                            if (journey.acknowledged()) {
                                acknowledged.incrementAndGet();
                            }
                        }), CONCURRENT_JOURNEYS)
                .then()
                .toFuture();

        await("joins before the kill").atMost(Duration.ofSeconds(90)).until(() -> acknowledged.get() >= JOINS_BEFORE_KILL);
        experiences.kill();
        mayStart.set(started.get() + JOURNEYS_WHILE_DEAD);
        await("journeys while experiences-service is dead").atMost(Duration.ofSeconds(90))
                .until(() -> journeys.size() >= mayStart.get());
        long acknowledgedAtRestart = acknowledged.get();
        experiences.restart();
        mayStart.set(Long.MAX_VALUE);
        // The gateway's breaker closes again after its open state; joins are acknowledged by the new process then.
        await("joins after the restart").atMost(Duration.ofSeconds(90))
                .until(() -> acknowledged.get() >= acknowledgedAtRestart + JOINS_AFTER_RESTART);
        stop.set(true);
        burst.orTimeout(60, TimeUnit.SECONDS).join();

        List<Journey> all = List.copyOf(journeys);
        List<Journey> acknowledgedJoins = all.stream().filter(Journey::acknowledged).toList();
        List<Journey> sessions = all.stream().filter(Journey::sessionCreated).toList();
        System.out.printf("Experiences kill: %d journeys, %d sessions created, %d joins acknowledged (%d before the restart),"
                        + " answers by kind and status: %s%n", all.size(), sessions.size(), acknowledgedJoins.size(),
                acknowledgedAtRestart, all.stream().flatMap(journey -> journey.join() == null ? java.util.stream.Stream.of(journey.session())
                                : java.util.stream.Stream.of(journey.session(), journey.join()))
                        .collect(Collectors.groupingBy(call -> call.kind() + " " + call.status(), TreeMap::new, Collectors.counting())));
        assertThat(all.stream().filter(journey -> journey.join() != null && !journey.join().ok()))
                .as("joins refused while experiences-service was dead (the kill landed mid-burst)").isNotEmpty();

        // Every acknowledged join is a row, in the database the restarted process uses.
        Set<UUID> stored = storedConsumers(queue);
        assertThat(acknowledgedJoins).isNotEmpty()
                .allSatisfy(journey -> assertThat(stored).as("acknowledged join in queue_entries").contains(journey.consumer()));

        // Every session answered 201 works afterwards: a visitor without an acknowledged join joins now (idempotent for a
        // join that was stored but whose answer was lost in the kill), the others read their status. A 503 (the gateway
        // says "retry") is retried as a client would.
        List<Call> afterwards = Flux.fromIterable(sessions)
                .flatMap(journey -> answered(() -> journey.acknowledged()
                        ? call("status", http.get().uri("/api/v1/queues/{id}/status", queue)
                                .header("X-Publishable-Key", shop.livePublishable()).header("Authorization", "Bearer " + journey.token()))
                        : call("join", http.post().uri("/api/v1/queues/{id}/enter", queue)
                                .header("X-Publishable-Key", shop.livePublishable()).header("Authorization", "Bearer " + journey.token()))),
                        CONCURRENT_JOURNEYS)
                .collectList()
                .toFuture()
                .orTimeout(120, TimeUnit.SECONDS)
                .join();
        assertThat(afterwards).hasSameSizeAs(sessions).allSatisfy(call -> {
            assertThat(call.status()).as(call.kind() + " with a session created during the burst").isEqualTo(200);
            assertThat(call.body().path("status").stringValue()).as(call.kind()).isIn(IN_QUEUE);
        });
        assertThat(storedConsumers(queue)).as("every visitor with a session is in the line now")
                .containsAll(sessions.stream().map(Journey::consumer).toList());
    }

    private String createQueue() {
        return http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Opening burst", "sequence", Map.of("name", "General",
                        "queues", List.of(Map.of("name", "Line", "admitRate", 600, "admissionExpirationSeconds", 900)))))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .map(experience -> experience.at("/distributions/0/id").stringValue())
                .toFuture()
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
    }

    /** A guest session, then joining the queue with it; a journey whose session failed has no join. */
    private Mono<Journey> journey(String queue) {
        return call("guest", http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()))
                .flatMap(session -> session.status() != 201 ? Mono.just(new Journey(session, null))
                        : call("join", http.post().uri("/api/v1/queues/{id}/enter", queue)
                                .header("X-Publishable-Key", shop.livePublishable())
                                .header("Authorization", "Bearer " + session.body().path("accessToken").stringValue()))
                                .map(join -> new Journey(session, join)));
    }

    /** Completes when {@code allowed} says so (asked every 100 ms). */
    private static Mono<Void> allowed(java.util.function.BooleanSupplier allowed) {
        return Mono.fromCallable(allowed::getAsBoolean).filter(yes -> yes)
                .repeatWhenEmpty(again -> again.delayElements(Duration.ofMillis(100)))
                .then();
    }

    /** The consumers with a row in the queue's line, read from experiences-service's database. */
    private static Set<UUID> storedConsumers(String queue) {
        TestInfra.Endpoint pg = TestInfra.postgres();
        try (Connection connection = DriverManager.getConnection(TestInfra.jdbcUrl(pg, experiencesDatabase), pg.user(), pg.password());
                PreparedStatement select = connection.prepareStatement("SELECT consumer_id FROM queue_entries WHERE queue_id = ?")) {
            select.setObject(1, uuid(queue));
            Set<UUID> consumers = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    consumers.add(rows.getObject(1, UUID.class));
                }
            }
            return consumers;
        } catch (SQLException failed) {
            throw new IllegalStateException("Could not read queue_entries", failed);
        }
    }

    /** A public id ({@code queue_…}, {@code con_…}) as the uuid the services store. */
    private static UUID uuid(String id) {
        return Ids.parse(id.substring(0, id.lastIndexOf('_')), id).orElseThrow(() -> new IllegalArgumentException("Not an id: " + id));
    }

    /** A request made again while the gateway answers 503 (at most 20 times, a second apart); the last answer otherwise. */
    private static Mono<Call> answered(Supplier<Mono<Call>> request) {
        return Mono.defer(request)
                .flatMap(call -> call.status() == 503 ? Mono.<Call>error(new Unanswered(call)) : Mono.just(call))
                .retryWhen(Retry.fixedDelay(20, Duration.ofSeconds(1)).filter(Unanswered.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorResume(Unanswered.class, unanswered -> Mono.just(unanswered.call));
    }

    private static final class Unanswered extends RuntimeException {

        private final transient Call call;

        Unanswered(Call call) {
            super(null, null, false, false);
            this.call = call;
        }
    }

    /** The request; any answer or failure becomes a {@link Call}, never an error. */
    private static Mono<Call> call(String kind, WebClient.RequestHeadersSpec<?> request) {
        return Mono.defer(() -> request.exchangeToMono(response -> body(response)
                        .map(body -> new Call(kind, response.statusCode().value(), body)))
                .onErrorResume(failed -> Mono.just(new Call(kind, 0, NullNode.getInstance()))));
    }

    private static Mono<JsonNode> body(ClientResponse response) {
        return response.bodyToMono(JsonNode.class).onErrorResume(unreadable -> Mono.empty())
                .defaultIfEmpty(NullNode.getInstance());
    }
}
