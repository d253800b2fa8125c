package io.dropline.experiences.audience;

import io.dropline.contracts.client.InternalClient;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.web.OutageLog;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Membership checks against audience-service ({@code GET /internal/audiences/{audienceId}/members/{consumerId}}),
 * signed as this service with the caller's tenant and request id.
 *
 * <p>Resilience is the shared {@link InternalClient} recipe (timeouts, one retry of this idempotent GET for
 * transient failures only, the circuit breaker {@code audience} around both attempts); finally every failure becomes
 * 503 {@code AUDIENCE_UNAVAILABLE} with {@code Retry-After}. An unknown audience (404) is "not a member"; an outage
 * never is.
 */
@Component
public class AudienceClient {

    static final String BREAKER = "audience";
    private static final String SERVICE_NAME = "experiences-service";
    private static final long RETRY_AFTER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(AudienceClient.class);
    private static final OutageLog OUTAGES = new OutageLog(log);

    private final InternalClient<AudienceUnavailableException> client;

    AudienceClient(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreakerRegistry breakers,
            AudienceProperties properties) {
        this.client = new InternalClient<>(builders, codec, breakers.circuitBreaker(BREAKER), SERVICE_NAME,
                "audience-service", properties, AudienceUnavailableException::new);
    }

    /**
     * Whether the consumer ({@code cons_…}) belongs to the audience ({@code aud_…}) in the caller's tenant. Fails
     * with 503 {@code AUDIENCE_UNAVAILABLE} (Retry-After) when audience-service cannot answer.
     */
    public Mono<AudienceView> membership(InternalContext caller, String audienceId, String consumerId) {
        return client.call(() -> client.http().get()
                        .uri("/internal/audiences/{audienceId}/members/{consumerId}", audienceId, consumerId)
                        .header(InternalContext.HEADER, client.signedAs(caller))
                        .exchangeToMono(response -> read(response, audienceId, consumerId)))
                .onErrorMap(failure -> unavailable(caller, failure));
    }

    private Mono<AudienceView> read(ClientResponse response, String audienceId, String consumerId) {
        HttpStatusCode status = response.statusCode();
        if (status.value() == HttpStatus.OK.value()) {
            // Read as a tree: a tolerant reader, so fields audience-service adds later do not break routing.
            return response.bodyToMono(JsonNode.class)
                    .map(body -> new AudienceView(audienceId, consumerId, body.path("member").asBoolean(false)));
        }
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return response.releaseBody().thenReturn(AudienceView.notMember(audienceId, consumerId));
        }
        return client.unexpected(response);
    }

    private static ApiException unavailable(InternalContext caller, Throwable failure) {
        // Once per cause, not per request: audience-service down fails every membership check alike.
        OUTAGES.warn(caller, failure instanceof CallNotPermittedException
                ? "Membership check skipped, circuit breaker " + BREAKER + " is open" : "Membership check failed", failure);
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "AUDIENCE_UNAVAILABLE")
                .retryAfter(RETRY_AFTER_SECONDS)
                .causedBy(failure);
    }
}
