package io.dropline.experiences.access.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.testsupport.RequiresInfra;
import io.dropline.contracts.testsupport.TestContexts;
import io.dropline.contracts.testsupport.TestInfra;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The gateway carries status streams here over HTTP/2 without TLS, hundreds on one connection (docs/adr/0027). The
 * test is that client: one connection at most, as the gateway's pool would give one queue's streams.
 */
@RequiresInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dropline.line.tick-interval=50ms"})
@AutoConfigureWebTestClient(timeout = "30s")
class StatusStreamsOverHttp2IT {

    /** More than Netty's default guard allows (200 resets in 30 s closes the connection). */
    private static final int STREAMS_CLOSED_BY_THEIR_CONSUMERS = 300;
    /** More than Reactor Netty's server announces by default (100 per connection). */
    private static final int STREAMS_OPEN_TOGETHER = 150;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerService(registry, "experiences", TestInfra.freshDatabase("experiences"), TestInfra.freshRedisNamespace());
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Value("${local.server.port}")
    int port;

    UUID org;
    QueueFixtures queues;
    ConnectionProvider connections;
    /** Every TCP connection the client opened (its channels, not its streams'). */
    List<Channel> opened;
    HttpClient h2c;

    @BeforeEach
    void h2cClientWithOneConnection() {
        org = UUID.randomUUID();
        queues = new QueueFixtures(db);
        connections = ConnectionProvider.builder("h2c-test")
                .allocationStrategy(Http2AllocationStrategy.builder().minConnections(1).maxConnections(1).maxConcurrentStreams(500).build())
                .build();
        opened = new CopyOnWriteArrayList<>();
        h2c = HttpClient.create(connections).protocol(HttpProtocol.H2C).baseUrl("http://127.0.0.1:" + port)
                .doOnChannelInit((observer, channel, address) -> opened.add(channel));
    }

    @AfterEach
    void closeConnections() {
        connections.dispose();
    }

    @Test
    void whenManyConsumersCloseTheirStreamsThenTheConnectionAndTheStreamsLeftOnItStay() {
        String queue = queues.create(org, QueueFixtures.Spec.rate(1)).block();
        UUID watcher = UUID.randomUUID();
        enter(queue, watcher);
        List<String> watched = new CopyOnWriteArrayList<>();
        Disposable stream = events(queue, watcher).subscribe(watched::add);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !watched.isEmpty());
            assertThat(watched.get(0)).contains("\"status\":\"QUEUED\"");

            // Consumers come and go on the same connection: each stream's first event, then the consumer leaves (the
            // gateway resets that stream). Netty's default guard would close the connection at the 201st reset.
            for (int i = 0; i < STREAMS_CLOSED_BY_THEIR_CONSUMERS; i++) {
                UUID consumer = UUID.randomUUID();
                enter(queue, consumer);
                assertThat(events(queue, consumer).blockFirst(Duration.ofSeconds(5))).contains("\"status\":\"QUEUED\"");
            }

            assertThat(opened).as("TCP connections the client opened, events " + watched).hasSize(1);
            admit(queue, watcher);
            await().atMost(Duration.ofSeconds(5)).until(() -> watched.stream().anyMatch(event -> event.contains("\"status\":\"GRANTED\"")));
            assertThat(opened).as("TCP connections the client opened").hasSize(1);
        } finally {
            stream.dispose();
        }
    }

    @Test
    void whenMoreStreamsThanReactorNettysDefaultAreOpenThenOneConnectionCarriesThemAll() {
        // Reactor Netty's server announces 100 concurrent streams per connection unless told otherwise; the gateway
        // puts up to 500 on one (MultiplexedStreamsConfiguration), so this server must take more than 100.
        String queue = queues.create(org, QueueFixtures.Spec.rate(1)).block();
        List<UUID> consumers = Flux.range(0, STREAMS_OPEN_TOGETHER).map(i -> UUID.randomUUID()).collectList().block();
        consumers.forEach(consumer -> enter(queue, consumer));
        List<Disposable> streams = new CopyOnWriteArrayList<>();
        // Each stream stays open: the consumers that had their first event, all of them at once at the end.
        Set<UUID> heard = ConcurrentHashMap.newKeySet();
        try {
            consumers.forEach(consumer -> streams.add(events(queue, consumer).subscribe(event -> heard.add(consumer))));
            await().atMost(Duration.ofSeconds(15)).until(() -> heard.size() == STREAMS_OPEN_TOGETHER);
            assertThat(opened).as("TCP connections the client opened").hasSize(1);
        } finally {
            streams.forEach(Disposable::dispose);
        }
    }

    /** A consumer's status stream over the h2c client: each event's data line (an event may span frames). */
    private Flux<String> events(String queue, UUID consumer) {
        return Flux.defer(() -> {
            StringBuilder unfinished = new StringBuilder();
            return h2c.headers(headers -> headers.set(InternalContext.HEADER, TestContexts.consumer(org, consumer))
                            .set("Accept", MediaType.TEXT_EVENT_STREAM_VALUE))
                    .get().uri("/api/v1/queues/" + queue + "/status")
                    .responseContent().asString()
                    .concatMapIterable(chunk -> {
                        unfinished.append(chunk);
                        int end = unfinished.lastIndexOf("\n");
                        if (end < 0) {
                            return List.<String>of();
                        }
                        List<String> lines = List.of(unfinished.substring(0, end).split("\n"));
                        unfinished.delete(0, end + 1);
                        return lines;
                    })
                    .filter(line -> line.startsWith("data:"));
        });
    }

    private void enter(String queue, UUID consumer) {
        http.post().uri("/api/v1/queues/{id}/enter", queue).header(InternalContext.HEADER, TestContexts.consumer(org, consumer))
                .exchange().expectStatus().isOk();
    }

    private void admit(String queue, UUID consumer) {
        http.post().uri("/api/v1/queues/{id}/admit", queue).header(InternalContext.HEADER, TestContexts.admin(org))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("consumerId", Ids.format("cons", consumer))).exchange()
                .expectStatus().isOk();
    }
}
