package io.dropline.contracts.outbound;

import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The one way Dropline calls a URL a tenant gave it (a Spotlight JWKS, a product feed, a webhook endpoint): the URL
 * passes {@link OutboundUrlGuard}, its host is resolved once and every address vetted, and the returned client connects
 * to exactly those addresses (no second DNS answer), follows no redirect (a caller that follows one asks for a client
 * for the {@code Location} again, so every hop is checked), has no pooled connection another host could reuse, and
 * bounds connect, response time and body size.
 */
public final class OutboundHttp {

    /**
     * The bounds of one call. {@code allowPrivateHosts} lets http and loopback through: tests and local development
     * only, never a production setting.
     */
    public record Limits(Duration timeout, int maxBytes, boolean allowPrivateHosts) {
    }

    private OutboundHttp() {
    }

    /** A client for {@code url}, or a {@link OutboundUrlGuard.Refused} error when the guard refuses it. */
    public static Mono<WebClient> client(String url, Limits limits) {
        return Mono.defer(() -> {
            String problem = OutboundUrlGuard.problem(url, limits.allowPrivateHosts());
            if (problem != null) {
                return Mono.error(new OutboundUrlGuard.Refused("the URL " + problem));
            }
            URI uri = URI.create(url);
            return OutboundUrlGuard.resolve(uri.getHost(), limits.allowPrivateHosts())
                    .map(addresses -> pinned(uri.getHost(), addresses, limits));
        });
    }

    private static WebClient pinned(String host, List<InetAddress> addresses, Limits limits) {
        HttpClient http = HttpClient.newConnection()
                .resolver(new PinnedAddressResolverGroup(host, addresses))
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) limits.timeout().toMillis())
                .responseTimeout(limits.timeout());
        return WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .exchangeStrategies(ExchangeStrategies.builder()
                        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(limits.maxBytes()))
                        .build())
                .build();
    }
}
