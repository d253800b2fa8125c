package io.dropline.contracts.client;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * The one recipe for a service calling a peer inside the mesh, from the inside out: connect and response timeouts on
 * the HTTP client; a transport failure becomes the peer's own {@link PeerUnavailableException}; one retry of the
 * (idempotent) call after a short jittered backoff, only for transient failures (connection errors, timeouts, 5xx);
 * an optional overall deadline over both attempts; the peer's circuit breaker around all of it. What the last
 * failure means to the caller (a 503, an answer without that part) stays with the client that uses the recipe.
 *
 * <p>Failures that leave {@link #call}: the peer's {@link PeerUnavailableException}, the breaker's
 * {@code CallNotPermittedException} when it is open, and a {@link TimeoutException} past the deadline.
 */
public final class InternalClient<E extends PeerUnavailableException> {

    /** How a client reaches its peer; each service binds its own properties record, which implements this. */
    public interface Settings {

        /**
         * The peer's address inside the mesh, not through the gateway; several instances as a comma-separated list,
         * taken in turn, an instance that refuses connections skipped ({@link PeerInstances}).
         */
        String baseUrl();

        /** Longest wait for a TCP connection. */
        Duration connectTimeout();

        /** Longest wait for the answer once the request is sent (per attempt). */
        Duration responseTimeout();

        /** Pause before the single retry of a failed idempotent call; jittered. */
        Duration retryBackoff();

        /** Longest the whole call may take, retry included; null for none. */
        default Duration deadline() {
            return null;
        }
    }

    /** The peer's typed failure. */
    @FunctionalInterface
    public interface Failure<E extends PeerUnavailableException> {

        E create(String message, boolean transientFailure, Throwable cause);
    }

    private final WebClient http;
    private final InternalContextCodec codec;
    private final CircuitBreaker breaker;
    private final String serviceName;
    private final String peerName;
    private final Settings settings;
    private final Failure<E> failure;

    /**
     * Boot's {@code WebClient.Builder} (codecs, observation) lives in spring-boot-webclient, which the services do not
     * depend on yet; without it a plain builder is used.
     *
     * @param serviceName this service, the principal of the signed internal context
     * @param peerName    the peer, as failures name it ("audience-service")
     */
    public InternalClient(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreaker breaker,
            String serviceName, String peerName, Settings settings, Failure<E> failure) {
        HttpClient client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(settings.connectTimeout().toMillis()))
                .responseTimeout(settings.responseTimeout());
        WebClient.Builder http = builders.getIfAvailable(WebClient::builder).clone()
                .baseUrl(PeerInstances.first(settings.baseUrl()))
                .clientConnector(new ReactorClientHttpConnector(client));
        // Several instances (a comma-separated base URL, as ./dropline start --scale gives): balanced here.
        PeerInstances.of(settings.baseUrl()).ifPresent(http::filter);
        this.http = http.build();
        this.codec = codec;
        this.breaker = breaker;
        this.serviceName = serviceName;
        this.peerName = peerName;
        this.settings = settings;
        this.failure = failure;
    }

    /** The HTTP client, based at the peer's address, with the timeouts set. */
    public WebClient http() {
        return http;
    }

    /** The internal-context header value: same tenant and request id as the caller; INTERNAL surface, this service as principal. */
    public String signedAs(InternalContext caller) {
        return codec.sign(codec.create(caller.organizationId(), caller.environment(), ApiSurface.INTERNAL,
                Principal.service(serviceName), caller.requestId()));
    }

    /** The breaker's name, for logs. */
    public String breakerName() {
        return breaker.getName();
    }

    /** The recipe around one idempotent exchange, which is made afresh for each attempt. */
    public <T> Mono<T> call(Supplier<Mono<T>> exchange) {
        Mono<T> attempts = Mono.defer(exchange)
                .onErrorMap(failed -> !(failed instanceof PeerUnavailableException), this::transportFailure)
                .retryWhen(Retry.backoff(1, settings.retryBackoff()).jitter(0.5)
                        .filter(failed -> ((PeerUnavailableException) failed).transientFailure())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        Duration deadline = settings.deadline();
        return (deadline == null ? attempts : attempts.timeout(deadline))
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    /** An answer the client cannot use: its body released, the peer's failure (transient when 5xx). */
    public <T> Mono<T> unexpected(ClientResponse response) {
        int status = response.statusCode().value();
        return response.releaseBody().then(Mono.error(failure.create(peerName + " answered " + status,
                response.statusCode().is5xxServerError(), null)));
    }

    private E transportFailure(Throwable failed) {
        boolean transientFailure = failed instanceof WebClientRequestException || failed instanceof TimeoutException
                || failed.getCause() instanceof TimeoutException;
        return failure.create(peerName + " call failed: " + failed.getClass().getSimpleName(), transientFailure, failed);
    }
}
