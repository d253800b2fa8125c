package io.dropline.commerce.checkout;

import io.dropline.contracts.client.InternalClient;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.web.OutageLog;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The two calls the checkout hand-off makes to experiences-service, with the shared {@link InternalClient} recipe
 * (timeouts, one retry of transient failures, a deadline, the {@code experiences} breaker): the grant keys, and the
 * existing server-side completion route of the grant's distribution type ({@code POST /api/v1/queues/{id}/complete};
 * draws, auctions, timed releases, waitlists and appointments by the same pattern), called as the merchant's Admin
 * API would (ADMIN surface, the caller's principal, same tenant and request id). Completion is safe to retry: a
 * repeat answers "already completed".
 */
@Component
@EnableConfigurationProperties(ExperiencesProperties.class)
class ExperiencesClient {

    static final String BREAKER = "experiences";
    private static final Logger log = LoggerFactory.getLogger(ExperiencesClient.class);
    /** experiences-service down fails every checkout alike: one line per cause, not per request. */
    private final OutageLog outages = new OutageLog(log);
    private static final Map<String, String> COMPLETE_PATHS = Map.of(
            "queue", "queues", "draw", "draws", "auction", "auctions", "timed_release", "timed-releases",
            "timedRelease", "timed-releases", "waitlist", "waitlists", "appointment", "appointments");

    private final InternalClient<ExperiencesUnavailableException> client;
    private final InternalContextCodec codec;

    ExperiencesClient(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreakerRegistry breakers,
            ExperiencesProperties properties) {
        this.client = new InternalClient<>(builders, codec, breakers.circuitBreaker(BREAKER), "commerce-service",
                "experiences-service", properties, ExperiencesUnavailableException::new);
        this.codec = codec;
    }

    /** The grant keys (public halves), as experiences-service publishes them. */
    Mono<JsonNode> jwks(InternalContext caller) {
        return client.call(() -> client.http().get().uri("/api/v1/.well-known/jwks.json")
                        .header(InternalContext.HEADER, client.signedAs(caller))
                        .exchangeToMono(response -> response.statusCode().is2xxSuccessful() ? response.bodyToMono(JsonNode.class)
                                : client.unexpected(response)))
                .onErrorMap(failure -> unavailable(caller, failure));
    }

    /** The outcome of a completion: done now, already done before, or refused with the peer's code. */
    record Completion(boolean completed, boolean alreadyCompleted, String refusal) {
    }

    Mono<Completion> complete(InternalContext caller, String distributionType, String distributionId, String consumerId) {
        String path = COMPLETE_PATHS.get(distributionType);
        if (path == null) {
            return Mono.just(new Completion(false, false, "UNSUPPORTED_DISTRIBUTION_TYPE"));
        }
        // The complete route is a server-side Admin API action: signed as the merchant's own call would be.
        String header = codec.sign(codec.create(caller.organizationId(), caller.environment(), ApiSurface.ADMIN, caller.principal(),
                caller.requestId()));
        return client.call(() -> client.http().post().uri("/api/v1/" + path + "/{id}/complete", distributionId)
                        .header(InternalContext.HEADER, header)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("consumerId", consumerId))
                        .exchangeToMono(this::completion))
                .onErrorMap(failure -> unavailable(caller, failure));
    }

    private Mono<Completion> completion(ClientResponse response) {
        if (response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().thenReturn(new Completion(true, false, null));
        }
        if (response.statusCode().value() == 409 || response.statusCode().value() == 404) {
            return response.bodyToMono(JsonNode.class)
                    .map(body -> body.path("code").asString("NOT_FOUND"))
                    .defaultIfEmpty("NOT_FOUND")
                    .map(code -> "ALREADY_COMPLETED".equals(code) ? new Completion(false, true, null) : new Completion(false, false, code));
        }
        return client.unexpected(response);
    }

    private ApiException unavailable(InternalContext caller, Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        outages.warn(caller, "experiences-service call failed", failure);
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Admissions are unavailable, try again shortly", "ADMISSIONS_UNAVAILABLE")
                .retryAfter(2)
                .causedBy(failure);
    }
}
