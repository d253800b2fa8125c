package io.dropline.commerce.sync;

import io.dropline.contracts.outbound.OutboundHttp;
import io.dropline.contracts.outbound.OutboundUrlGuard;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/**
 * Fetches a tenant's product feed SSRF-safely: every hop goes through shared-contracts' {@link OutboundHttp} (https
 * only, every resolved address public, pinned to those addresses, no redirect followed by the client); a redirect is
 * followed here by asking for a new client for its {@code Location}, so every hop is checked, at most
 * {@code maxRedirects} times. Each hop's time and the body's size are bounded, and so is the whole fetch.
 */
@Component
@EnableConfigurationProperties(FeedProperties.class)
class FeedFetcher {

    private final FeedProperties properties;

    FeedFetcher(FeedProperties properties) {
        this.properties = properties;
    }

    /** Why a feed could not be read; recorded on the sync source as its report. */
    static final class FeedFailure extends RuntimeException {
        FeedFailure(String message) {
            super(message, null, false, false);
        }
    }

    Mono<String> fetch(String url) {
        OutboundHttp.Limits limits = new OutboundHttp.Limits(properties.timeout(), properties.maxBytes(), properties.allowPrivateHosts());
        return hop(url, limits, properties.maxRedirects())
                .timeout(properties.timeout().multipliedBy(2))
                .onErrorMap(failure -> !(failure instanceof FeedFailure), FeedFetcher::explain);
    }

    private Mono<String> hop(String url, OutboundHttp.Limits limits, int redirectsLeft) {
        return OutboundHttp.client(url, limits)
                .flatMap(client -> client.get().uri(URI.create(url)).accept(MediaType.APPLICATION_JSON)
                        .exchangeToMono(response -> answer(url, response, limits, redirectsLeft)));
    }

    private Mono<String> answer(String url, ClientResponse response, OutboundHttp.Limits limits, int redirectsLeft) {
        if (response.statusCode().is3xxRedirection()) {
            String location = response.headers().asHttpHeaders().getFirst("Location");
            return response.releaseBody().then(Mono.defer(() -> {
                if (location == null) {
                    return Mono.error(new FeedFailure("the feed redirected without a Location"));
                }
                if (redirectsLeft <= 0) {
                    return Mono.error(new FeedFailure("the feed redirected more than " + properties.maxRedirects() + " times"));
                }
                return hop(URI.create(url).resolve(location).toString(), limits, redirectsLeft - 1);
            }));
        }
        if (!response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().then(Mono.error(new FeedFailure("the feed answered HTTP " + response.statusCode().value())));
        }
        return response.bodyToMono(String.class).switchIfEmpty(Mono.error(() -> new FeedFailure("the feed answered no body")));
    }

    /** Any timeout along the cause chain: ours, or Netty's read/connect timeouts inside the client's exception. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static FeedFailure explain(Throwable failure) {
        if (failure instanceof OutboundUrlGuard.Refused refused) {
            return new FeedFailure("refused: " + refused.getMessage());
        }
        if (failure instanceof DataBufferLimitException || failure.getCause() instanceof DataBufferLimitException) {
            return new FeedFailure("the feed is larger than allowed");
        }
        if (timedOut(failure)) {
            return new FeedFailure("the feed did not answer in time");
        }
        if (failure instanceof IllegalArgumentException) {
            return new FeedFailure("the feed redirected to a malformed URL");
        }
        return new FeedFailure("the feed could not be fetched (" + failure.getClass().getSimpleName() + ")");
    }
}
