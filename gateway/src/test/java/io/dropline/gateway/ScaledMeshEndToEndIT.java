package io.dropline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.ServiceProcess;
import io.dropline.contracts.testsupport.TestInfra;
import io.dropline.gateway.config.GatewayProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Per-service scaling, shown (issue 15): two experiences-service and two consumer-service processes behind one
 * gateway, which balances over both (docs/adr/0021). Shoppers run journeys (a guest session, then joining the queue)
 * concurrently; mid-burst one instance of each service is killed with SIGKILL. Every join the gateway acknowledged is
 * still there afterwards, and requests fail only within the stated bound after the kill: the requests in flight on
 * the killed instances, and whatever the breaker rejects if their failures opened it — at most one response timeout
 * plus the breaker's open state after the death. Traffic keeps running past that bound, so the test sees failures
 * stop rather than assume it.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaledMeshEndToEndIT {

    /**
     * Journeys in flight at once: a steady burst that a loaded two-core machine still answers well within the response
     * timeout, so that what fails is what the kill made fail, not an overload of the surviving instances.
     */
    private static final int CONCURRENT_JOURNEYS = 4;
    /** Journeys acknowledged before the kill, so the kill lands mid-burst. */
    private static final int JOURNEYS_BEFORE_KILL = 40;
    /** The per-route response timeout in application.yml: the longest a request in flight on a dead instance waits. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    /** For the half-open breaker's trial calls to come back on a loaded machine. */
    private static final Duration TRIAL_CALLS = Duration.ofSeconds(2);
    private static final Set<String> IN_QUEUE = Set.of("QUEUED", "GRANTED");

    static ServiceProcess experiences1;
    static ServiceProcess experiences2;
    static ServiceProcess consumers1;
    static ServiceProcess consumers2;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String namespace = TestInfra.freshRedisNamespace();
        String experiencesDb = TestInfra.freshDatabase("experiences");
        String consumerDb = TestInfra.freshDatabase("consumer");
        int e1 = ServiceProcess.freePort();
        int e2 = ServiceProcess.freePort();
        int c1 = ServiceProcess.freePort();
        int c2 = ServiceProcess.freePort();
        String experiencesList = "http://127.0.0.1:" + e1 + ",http://127.0.0.1:" + e2;
        String consumerList = "http://127.0.0.1:" + c1 + ",http://127.0.0.1:" + c2;
        String nobody = EchoServer.deadUrl();
        List<String> experiencesSettings = List.of("--dropline.experiences.audience.base-url=" + nobody,
                "--dropline.experiences.commerce.base-url=" + nobody);
        // The peers' lists too, as ./dropline start --scale gives them.
        List<String> consumerSettings = List.of("--dropline.consumer.experiences.base-url=" + experiencesList);

        experiences1 = ServiceProcess.launch("experiences-service", experiencesDb, namespace, TestInfra.redis(), experiencesSettings, e1);
        consumers1 = ServiceProcess.launch("consumer-service", consumerDb, namespace, TestInfra.redis(), consumerSettings, c1);
        experiences1.awaitReady();
        consumers1.awaitReady();
        // consumer-service makes its signing key on first use; two instances using theirs for the first time at once
        // would each make one. The first instance makes it now, so the second finds it.
        makeSigningKey(consumers1);
        experiences2 = ServiceProcess.launch("experiences-service", experiencesDb, namespace, TestInfra.redis(), experiencesSettings, e2);
        consumers2 = ServiceProcess.launch("consumer-service", consumerDb, namespace, TestInfra.redis(), consumerSettings, c2);

        TestInfra.registerService(registry, "gateway", TestInfra.freshDatabase("gateway"), namespace);
        String echo = EchoServer.url();
        GatewayItSupport.SERVICES.forEach(service -> registry.add("dropline.gateway.services." + service,
                () -> switch (service) {
                    case "experiences" -> experiencesList;
                    case "consumer" -> consumerList;
                    default -> echo;
                }));
        // Every shopper comes from 127.0.0.1 here: the per-address limit of guest sessions is not what is tested.
        registry.add("dropline.gateway.rate-limit.categories.auth.per-minute", () -> "10000000");
        registry.add("dropline.gateway.rate-limit.categories[consumer_ceiling].per-minute", () -> "10000000");
        // Nor the organization's join rate: on a quiet machine the burst outran queue_entry's 1,000/min (burst 100),
        // and its 429s, which come later the faster the burst, were counted as failures after the kill.
        registry.add("dropline.gateway.rate-limit.categories[queue_entry].per-minute", () -> "10000000");
        registry.add("dropline.gateway.rate-limit.categories[queue_entry].burst", () -> "10000000");
        registry.add("management.server.port", () -> "0");
    }

    private static void makeSigningKey(ServiceProcess consumers) {
        String context = GatewayItSupport.CODEC.sign(GatewayItSupport.CODEC.create(null, Environment.LIVE, ApiSurface.INTERNAL,
                Principal.service("gateway"), "scaled-mesh-it"));
        HttpRequest jwks = HttpRequest.newBuilder(URI.create(consumers.baseUrl() + "/internal/jwks"))
                .header(InternalContext.HEADER, context).timeout(Duration.ofSeconds(10)).build();
        try {
            assertThat(HttpClient.newHttpClient().send(jwks, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } catch (IOException failed) {
            throw new IllegalStateException("consumer-service did not publish its keys", failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @AfterAll
    static void stopServices() {
        Stream.of(experiences1, experiences2, consumers1, consumers2).forEach(ServiceProcess::close);
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    GatewayProperties gateway;

    @LocalServerPort
    int port;

    WebClient http;
    Tenants.Tenant shop;

    @BeforeAll
    void secondInstancesAndTenant() {
        experiences2.awaitReady();
        consumers2.awaitReady();
        http = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create()
                        .responseTimeout(Duration.ofSeconds(20))))
                .build();
        shop = Tenants.create(context, "scaled-shop");
    }

    /** One request of a journey, as the client saw it: status 0 when no answer came. */
    record Call(String kind, long startedNanos, long endedNanos, int status, JsonNode body) {

        boolean failed() {
            return status < 200 || status > 299;
        }
    }

    /** A shopper who got a guest session, and whether the gateway acknowledged their join. */
    record Journey(String token, Call join) {

        boolean acknowledged() {
            return join != null && !join.failed();
        }
    }

    @Test
    void whenOneInstanceOfEachServiceIsKilledMidBurstThenNoAcknowledgedJoinIsLostAndFailuresStopWithinTheBound() {
        String queue = createQueue();
        Duration bound = RESPONSE_TIMEOUT.plus(gateway.breaker().waitDurationInOpenState()).plus(TRIAL_CALLS);
        Queue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong stopStartingAt = new AtomicLong(Long.MAX_VALUE);

        CompletableFuture<List<Journey>> burst = Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(ignored -> System.nanoTime() < stopStartingAt.get())
                .flatMap(ignored -> journey(queue, calls, acknowledged), CONCURRENT_JOURNEYS)
                .collectList()
                .toFuture();

        await("journeys before the kill").atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() >= JOURNEYS_BEFORE_KILL);
        long killedAt = System.nanoTime();
        experiences1.kill();
        consumers1.kill();
        // Traffic runs on past the bound, so failures are seen to stop.
        stopStartingAt.set(killedAt + bound.plusSeconds(1).toNanos());
        await("the burst").atMost(bound.plusSeconds(60)).until(burst::isDone);
        List<Journey> journeys = burst.join();

        List<Call> failures = calls.stream().filter(Call::failed).toList();
        long lastStarted = calls.stream().mapToLong(Call::startedNanos).max().orElseThrow();
        Duration window = failures.stream().map(call -> Duration.ofNanos(call.endedNanos() - killedAt))
                .max(Duration::compareTo).orElse(Duration.ZERO);
        List<Journey> acknowledgedJoins = journeys.stream().filter(Journey::acknowledged).toList();
        System.out.printf("Scaled mesh: %d journeys (%d joins acknowledged, %d after the kill), %d of %d requests failed,"
                        + " failure window %d ms after the kill (bound %d ms)%n", journeys.size(), acknowledgedJoins.size(),
                acknowledgedJoins.stream().filter(journey -> journey.join().startedNanos() > killedAt).count(),
                failures.size(), calls.size(), window.toMillis(), bound.toMillis());

        // What failed, and when (by kind, status and code; by second after the kill), for whoever reads a failure.
        System.out.println("Scaled mesh failures by kind and status: " + failures.stream().collect(Collectors.groupingBy(
                call -> call.kind() + " " + call.status() + " " + (call.body() == null ? "" : call.body().path("code").asString("")), TreeMap::new,
                Collectors.counting())));
        System.out.println("Scaled mesh failures by second after the kill: " + failures.stream().collect(Collectors.groupingBy(
                call -> (call.endedNanos() - killedAt) / 1_000_000_000L, TreeMap::new, Collectors.counting())));
        System.out.println("Scaled mesh calls by second after the kill: " + calls.stream().filter(call -> call.startedNanos() > killedAt)
                .collect(Collectors.groupingBy(call -> (call.endedNanos() - killedAt) / 1_000_000_000L,
                        TreeMap::new, Collectors.counting())));
        assertThat(failures).as("failures before the kill").noneMatch(call -> call.endedNanos() < killedAt);
        assertThat(window).as("how long after the kill requests failed").isLessThanOrEqualTo(bound);
        assertThat(Duration.ofNanos(lastStarted - killedAt)).as("traffic ran past the bound").isGreaterThan(bound);
        assertThat(acknowledgedJoins.stream().filter(journey -> journey.join().startedNanos() > killedAt + bound.toNanos()))
                .as("joins acknowledged by the surviving instances after the bound").isNotEmpty();

        // Every acknowledged join is still there, read through the gateway from the surviving instances. What is checked
        // is the data: a read answered 503 (the gateway says "retry") is read again, as a client would.
        List<Call> reads = Flux.fromIterable(acknowledgedJoins)
                .flatMap(journey -> answered(() -> call("status", http.get().uri("/api/v1/queues/{id}/status", queue)
                        .header("X-Publishable-Key", shop.livePublishable())
                        .header("Authorization", "Bearer " + journey.token()))), CONCURRENT_JOURNEYS)
                .collectList()
                .toFuture()
                .orTimeout(120, java.util.concurrent.TimeUnit.SECONDS)
                .join();
        assertThat(reads).hasSameSizeAs(acknowledgedJoins)
                .allSatisfy(read -> {
                    assertThat(read.status()).as("status read").isEqualTo(200);
                    assertThat(read.body().path("status").stringValue()).isIn(IN_QUEUE);
                });

        // consumer-service reaches experiences-service through its own list of both instances (shared-contracts'
        // PeerInstances): the killed one is skipped, so the shopper's view still has their participations.
        List<Call> profiles = Flux.fromIterable(acknowledgedJoins.subList(0, Math.min(6, acknowledgedJoins.size())))
                .concatMap(journey -> answered(() -> call("me", http.get().uri("/api/v1/consumers/me")
                        .header("X-Publishable-Key", shop.livePublishable())
                        .header("Authorization", "Bearer " + journey.token()))))
                .collectList()
                .toFuture()
                .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                .join();
        assertThat(profiles).isNotEmpty().allSatisfy(me -> {
            assertThat(me.status()).as("/consumers/me").isEqualTo(200);
            assertThat(me.body().has("activeUnavailable")).as("participations unavailable").isFalse();
            assertThat(me.body().path("active").isObject()).isTrue();
        });
    }

    private String createQueue() {
        return http.post().uri("/api/v1/experiences").header("Authorization", "Bearer " + shop.liveSecret())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Scaled drop", "sequence", Map.of("name", "General",
                        "queues", List.of(Map.of("name", "Line", "admitRate", 600, "admissionExpirationSeconds", 900)))))
                .retrieve()
                .bodyToMono(JsonNode.class)
                .map(experience -> experience.at("/distributions/0/id").stringValue())
                .toFuture()
                .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                .join();
    }

    /** A guest session, then joining the queue with it; a journey whose session failed has no join. */
    private Mono<Journey> journey(String queue, Queue<Call> calls, AtomicLong acknowledged) {
        return call("guest", http.post().uri("/api/v1/auth/guest").header("X-Publishable-Key", shop.livePublishable()))
                .doOnNext(calls::add)
                .flatMap(guest -> guest.failed() ? Mono.just(new Journey(null, null))
                        : join(queue, guest.body().path("accessToken").stringValue(), calls, acknowledged));
    }

    private Mono<Journey> join(String queue, String token, Queue<Call> calls, AtomicLong acknowledged) {
        return call("join", http.post().uri("/api/v1/queues/{id}/enter", queue)
                        .header("X-Publishable-Key", shop.livePublishable()).header("Authorization", "Bearer " + token))
                .doOnNext(calls::add)
                .doOnNext(join -> {
                    if (!join.failed()) {
                        acknowledged.incrementAndGet();
                    }
                })
                .map(join -> new Journey(token, join));
    }

    /** A read made again while the gateway answers 503 (at most 10 times, a second apart); the last answer otherwise. */
    private static Mono<Call> answered(java.util.function.Supplier<Mono<Call>> read) {
        return Mono.defer(read)
                .flatMap(call -> call.status() == 503 ? Mono.<Call>error(new Unanswered(call)) : Mono.just(call))
                .retryWhen(reactor.util.retry.Retry.fixedDelay(10, Duration.ofSeconds(1)).filter(Unanswered.class::isInstance)
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

    /** The request, timed; any answer or failure becomes a {@link Call}, never an error. */
    private Mono<Call> call(String kind, WebClient.RequestHeadersSpec<?> request) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return request.exchangeToMono(response -> body(response)
                            .map(body -> new Call(kind, started, System.nanoTime(), response.statusCode().value(), body)))
                    .onErrorResume(failed -> Mono.just(new Call(kind, started, System.nanoTime(), 0, NullNode.getInstance())));
        });
    }

    private static Mono<JsonNode> body(ClientResponse response) {
        return response.bodyToMono(JsonNode.class).onErrorResume(unreadable -> Mono.empty())
                .defaultIfEmpty(NullNode.getInstance());
    }
}
