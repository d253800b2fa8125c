package io.dropline.experiences.config;

import java.util.function.Consumer;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import reactor.netty.http.Http2SettingsSpec;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway carries the status streams to this service over HTTP/2 without TLS, up to 500 streams on a connection
 * (the gateway's {@code MultiplexedStreamsConfiguration}, docs/adr/0027); {@code server.http2.enabled} lets Reactor
 * Netty accept it beside HTTP/1.1. Reactor Netty's server announces at most 100 concurrent streams per connection by
 * default, which capped a gateway at its pool's 64 connections × 100 = 6,400 streams (the rest answered 503); it
 * announces {@link #MAX_STREAMS_PER_CONNECTION} here, so the gateway's own bound (500 per connection) decides.
 *
 * <p>Netty's HTTP/2 server closes a connection whose peer resets more than 200 streams in 30 s (its guard against the
 * "rapid reset" attack), and with it every other stream on that connection. Here the only peer is the gateway, and each
 * reset is a consumer who went away (a closed tab, a sale ending): when everybody leaves at once, that is up to 500
 * resets on each connection, and one closed connection would cut 500 consumers who stayed
 * ({@code StatusStreamsOverHttp2IT}). The guard stays, at a bound such a departure does not reach.
 */
@Configuration(proxyBeanMethods = false)
class MultiplexedStreamsServerConfig {

    /** Concurrent streams this server accepts on one connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
    static final long MAX_STREAMS_PER_CONNECTION = 1_000;
    /** Resets per window from one peer before its connection is closed: twenty times a full connection's streams. */
    static final int MAX_RESETS_PER_WINDOW = 10_000;
    static final int RESET_WINDOW_SECONDS = 10;

    /**
     * Reactor Netty's {@code http2Settings} replaces the whole settings, and Spring Boot sets the header list size
     * through it after the {@code NettyServerCustomizer} beans have run: so this is added last, and keeps what is set
     * but for the two settings it owns.
     */
    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> settingsForTheGateway() {
        return new LastCustomizer();
    }

    private static final class LastCustomizer implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

        @Override
        public void customize(NettyReactiveWebServerFactory factory) {
            factory.addServerCustomizers(LastCustomizer::withStreamSettings);
        }

        private static HttpServer withStreamSettings(HttpServer server) {
            Http2SettingsSpec set = server.configuration().http2SettingsSpec();
            return server.http2Settings(settings -> {
                if (set != null) {
                    keep(set, settings);
                }
                settings.maxConcurrentStreams(MAX_STREAMS_PER_CONNECTION);
                settings.maxDecodedRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS);
            });
        }

        private static void keep(Http2SettingsSpec set, Http2SettingsSpec.Builder settings) {
            ifSet(set.headerTableSize(), settings::headerTableSize);
            ifSet(set.initialWindowSize(), settings::initialWindowSize);
            ifSet(set.maxFrameSize(), settings::maxFrameSize);
            ifSet(set.maxHeaderListSize(), settings::maxHeaderListSize);
            ifSet(set.maxStreams(), settings::maxStreams);
            ifSet(set.connectProtocolEnabled(), settings::connectProtocolEnabled);
            ifSet(set.pingAckTimeout(), settings::pingAckTimeout);
            ifSet(set.pingAckDropThreshold(), settings::pingAckDropThreshold);
            ifSet(set.maxEncodedRstFramesPerWindow(), count -> settings.maxEncodedRstFramesPerWindow(count,
                    set.maxEncodedRstFramesSecondsPerWindow()));
        }

        private static <T> void ifSet(T value, Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
