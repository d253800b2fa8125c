package io.dropline.gateway.routing;

import io.dropline.gateway.config.GatewayProperties;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The status streams' way to their service (issue 16, docs/adr/0027): HTTP/2 without TLS (h2c, prior knowledge), up to
 * {@link #STREAMS_PER_CONNECTION} streams on each connection. Over HTTP/1.1 every open stream held a pooled connection
 * for its whole life, so 20,000 streams were 20,000 more sockets in the gateway and 20,000 in experiences-service, past
 * the 20,000 descriptors a process may have on these machines; now they are a few dozen connections.
 *
 * <p>The streams get a client of their own rather than the shared one turned to HTTP/2: the short calls keep HTTP/1.1,
 * whose pooled keep-alive connections cost less per call than an HTTP/2 stream's frames. Per-connection limits keep one
 * connection from carrying everything: its flow-control window and its event loop are shared by its streams.
 */
@Configuration(proxyBeanMethods = false)
class MultiplexedStreamsConfiguration {

    /** Streams one connection carries before the pool opens another. */
    static final int STREAMS_PER_CONNECTION = 500;
    /** Connections per service instance: 64 × 500 streams, well past what one gateway holds. */
    static final int MAX_CONNECTIONS = 64;
    /**
     * The shared client's connect timeout ({@code spring.cloud.gateway.server.webflux.httpclient.connect-timeout}),
     * written again rather than read from {@code HttpClientProperties}: the gateway's bootstrap run
     * ({@code ./dropline start}'s first step, {@code BootstrapIT}) has no Spring Cloud Gateway beans to read it from.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    @Bean
    MultiplexedStreamRoutingFilter multiplexedStreamRoutingFilter(
            ObjectProvider<List<HttpHeadersFilter>> headersFilters, GatewayProperties properties) {
        ConnectionProvider connections = ConnectionProvider.builder("multiplexed-streams")
                .allocationStrategy(Http2AllocationStrategy.builder()
                        .minConnections(1)
                        .maxConnections(MAX_CONNECTIONS)
                        .maxConcurrentStreams(STREAMS_PER_CONNECTION)
                        .build())
                // A burst of streams opening waits for a connection's handshake rather than failing; bounded by time.
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(2))
                .build();
        HttpClient client = HttpClient.create(connections)
                .protocol(HttpProtocol.H2C)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                // The silence bound of every routed answer (streams send a heartbeat every 15 s), per stream.
                .responseTimeout(properties.breaker().readTimeout());
        // No connect timeout in these properties: the client has it, so Spring Cloud Gateway's filter uses the client
        // as it is instead of copying its configuration for every stream. The route's response-timeout still applies.
        NettyRoutingFilter routing = new NettyRoutingFilter(client, headersFilters, new HttpClientProperties());
        return new MultiplexedStreamRoutingFilter(routing, connections);
    }
}
