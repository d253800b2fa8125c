package io.dropline.consumer.experience;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.id.Ids;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.channel.ChannelOption;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/**
 * A consumer's active participations from experiences-service ({@code GET /internal/participations/{consumerId}}),
 * signed as this service with the caller's tenant and request id.
 *
 * <p>Resilience, from the inside out: connect and response timeouts on the HTTP client; one retry of this
 * idempotent GET after a short jittered backoff, only for transient failures (connection errors, timeouts, 5xx);
 * an overall deadline over both attempts, so a stalled peer costs the consumer at most that long; the circuit
 * breaker {@code experiences} around all of it; finally every failure becomes {@link ExperiencesUnavailableException}.
 * An outage is never an empty participation list.
 */
@Component
public class ExperiencesClient {

    static final String BREAKER = "experiences";
    private static final String SERVICE_NAME = "consumer-service";
    private static final Logger log = LoggerFactory.getLogger(ExperiencesClient.class);

    private final WebClient http;
    private final InternalContextCodec codec;
    private final CircuitBreaker breaker;
    private final ExperiencesProperties properties;

    /**
     * Boot's {@code WebClient.Builder} (codecs, observation) lives in spring-boot-webclient, which this module does not
     * depend on yet; without it a plain builder is used.
     */
    ExperiencesClient(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreakerRegistry breakers,
            ExperiencesProperties properties) {
        HttpClient client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
                .responseTimeout(properties.responseTimeout());
        this.http = builders.getIfAvailable(WebClient::builder).clone()
                .baseUrl(properties.baseUrl())
                .clientConnector(new ReactorClientHttpConnector(client))
                .build();
        this.codec = codec;
        this.breaker = breakers.circuitBreaker(BREAKER);
        this.properties = properties;
    }

    /**
     * The queues the consumer waits in or holds a grant of, in the caller's tenant. Fails with
     * {@link ExperiencesUnavailableException} when experiences-service cannot answer.
     */
    public Mono<ParticipationsView> participations(InternalContext caller, UUID consumer) {
        String consumerId = Ids.format("cons", consumer);
        return Mono.defer(() -> http.get()
                        .uri("/internal/participations/{consumerId}", consumerId)
                        .header(InternalContext.HEADER, codec.sign(asService(caller)))
                        .exchangeToMono(ExperiencesClient::read))
                .onErrorMap(failure -> !(failure instanceof ExperiencesUnavailableException), ExperiencesClient::transportFailure)
                .retryWhen(Retry.backoff(1, properties.retryBackoff()).jitter(0.5)
                        .filter(failure -> ((ExperiencesUnavailableException) failure).transientFailure())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .timeout(properties.deadline())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(failure -> unavailable(caller, failure));
    }

    /** Same tenant and request id as the caller; INTERNAL surface, this service as principal. */
    private InternalContext asService(InternalContext caller) {
        return codec.create(caller.organizationId(), caller.environment(), ApiSurface.INTERNAL,
                Principal.service(SERVICE_NAME), caller.requestId());
    }

    private static Mono<ParticipationsView> read(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        if (status.is2xxSuccessful()) {
            // Read as a tree: a tolerant reader, so fields experiences-service adds later do not break /consumers/me.
            return response.bodyToMono(JsonNode.class).map(ParticipationsView::from);
        }
        // A 404 here means the route or the surface was refused, not "no participations": that answer is a 200.
        return response.releaseBody().then(Mono.error(new ExperiencesUnavailableException(
                "experiences-service answered " + status.value(), status.is5xxServerError(), null)));
    }

    private static ExperiencesUnavailableException transportFailure(Throwable failure) {
        boolean transientFailure = failure instanceof WebClientRequestException || failure instanceof TimeoutException
                || failure.getCause() instanceof TimeoutException;
        return new ExperiencesUnavailableException("experiences-service call failed: " + failure.getClass().getSimpleName(),
                transientFailure, failure);
    }

    private ExperiencesUnavailableException unavailable(InternalContext caller, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            log.warn("Participations read skipped for request {}: circuit breaker {} is open", caller.requestId(), BREAKER);
            return new ExperiencesUnavailableException("circuit breaker " + BREAKER + " is open", false, failure);
        }
        if (failure instanceof TimeoutException) {
            log.warn("Participations read for request {} gave up after {}", caller.requestId(), properties.deadline());
            return new ExperiencesUnavailableException("experiences-service did not answer in time", false, failure);
        }
        log.warn("Participations read failed for request {}: {}", caller.requestId(), failure.getMessage());
        return failure instanceof ExperiencesUnavailableException unavailable ? unavailable
                : new ExperiencesUnavailableException(failure.getMessage(), false, failure);
    }
}
