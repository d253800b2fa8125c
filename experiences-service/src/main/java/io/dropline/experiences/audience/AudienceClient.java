package io.dropline.experiences.audience;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.channel.ChannelOption;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
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
 * Membership checks against audience-service ({@code GET /internal/audiences/{audienceId}/members/{consumerId}}),
 * signed as this service with the caller's tenant and request id.
 *
 * <p>Resilience, in this order from the inside out: connect and response timeouts on the HTTP client; one retry
 * of this idempotent GET after a short jittered backoff, only for transient failures; the circuit breaker
 * {@code audience} around both attempts; finally every failure becomes 503 {@code AUDIENCE_UNAVAILABLE} with
 * {@code Retry-After}. An unknown audience (404) is "not a member"; an outage never is.
 */
@Component
public class AudienceClient {

    static final String BREAKER = "audience";
    private static final String SERVICE_NAME = "experiences-service";
    private static final long RETRY_AFTER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(AudienceClient.class);

    private final WebClient http;
    private final InternalContextCodec codec;
    private final CircuitBreaker breaker;
    private final AudienceProperties properties;

    /**
     * Boot's {@code WebClient.Builder} (codecs, observation) lives in spring-boot-webclient, which this module does not
     * depend on yet; without it a plain builder is used.
     */
    AudienceClient(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreakerRegistry breakers,
            AudienceProperties properties) {
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
     * Whether the consumer ({@code cons_…}) belongs to the audience ({@code aud_…}) in the caller's tenant. Fails
     * with 503 {@code AUDIENCE_UNAVAILABLE} (Retry-After) when audience-service cannot answer.
     */
    public Mono<AudienceView> membership(InternalContext caller, String audienceId, String consumerId) {
        return Mono.defer(() -> http.get()
                        .uri("/internal/audiences/{audienceId}/members/{consumerId}", audienceId, consumerId)
                        .header(InternalContext.HEADER, codec.sign(asService(caller)))
                        .exchangeToMono(response -> read(response, audienceId, consumerId)))
                .onErrorMap(failure -> !(failure instanceof AudienceUnavailableException), AudienceClient::transportFailure)
                .retryWhen(Retry.backoff(1, properties.retryBackoff()).jitter(0.5)
                        .filter(failure -> ((AudienceUnavailableException) failure).transientFailure())
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(failure -> unavailable(caller, failure));
    }

    /** Same tenant and request id as the caller; INTERNAL surface, this service as principal. */
    private InternalContext asService(InternalContext caller) {
        return codec.create(caller.organizationId(), caller.environment(), ApiSurface.INTERNAL,
                Principal.service(SERVICE_NAME), caller.requestId());
    }

    private static Mono<AudienceView> read(ClientResponse response, String audienceId, String consumerId) {
        HttpStatusCode status = response.statusCode();
        if (status.value() == HttpStatus.OK.value()) {
            // Read as a tree: a tolerant reader, so fields audience-service adds later do not break routing.
            return response.bodyToMono(JsonNode.class)
                    .map(body -> new AudienceView(audienceId, consumerId, body.path("member").asBoolean(false)));
        }
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return response.releaseBody().thenReturn(AudienceView.notMember(audienceId, consumerId));
        }
        return response.releaseBody().then(Mono.error(new AudienceUnavailableException(
                "audience-service answered " + status.value(), status.is5xxServerError(), null)));
    }

    private static AudienceUnavailableException transportFailure(Throwable failure) {
        boolean transientFailure = failure instanceof WebClientRequestException || failure instanceof TimeoutException
                || failure.getCause() instanceof TimeoutException;
        return new AudienceUnavailableException("audience-service call failed: " + failure.getClass().getSimpleName(),
                transientFailure, failure);
    }

    private static ApiException unavailable(InternalContext caller, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            log.warn("Membership check skipped for request {}: circuit breaker {} is open", caller.requestId(), BREAKER);
        } else {
            log.warn("Membership check failed for request {}: {}", caller.requestId(), failure.getMessage());
        }
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "AUDIENCE_UNAVAILABLE")
                .retryAfter(RETRY_AFTER_SECONDS);
    }
}
