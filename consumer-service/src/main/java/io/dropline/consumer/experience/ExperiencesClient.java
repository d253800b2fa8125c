package io.dropline.consumer.experience;

import io.dropline.contracts.client.InternalClient;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.OutageLog;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A consumer's active participations from experiences-service ({@code GET /internal/participations/{consumerId}}),
 * signed as this service with the caller's tenant and request id.
 *
 * <p>Resilience is the shared {@link InternalClient} recipe: timeouts, one retry of this idempotent GET for
 * transient failures only (connection errors, timeouts, 5xx), an overall deadline over both attempts, so a stalled
 * peer costs the consumer at most that long, and the circuit breaker {@code experiences} around all of it; finally
 * every failure becomes {@link ExperiencesUnavailableException}. An outage is never an empty participation list.
 */
@Component
public class ExperiencesClient {

    static final String BREAKER = "experiences";
    private static final String SERVICE_NAME = "consumer-service";
    private static final Logger log = LoggerFactory.getLogger(ExperiencesClient.class);
    /** experiences-service down fails every read alike: one line per cause, not per request. */
    private final OutageLog outages = new OutageLog(log);

    private final InternalClient<ExperiencesUnavailableException> client;
    private final ExperiencesProperties properties;

    ExperiencesClient(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreakerRegistry breakers,
            ExperiencesProperties properties) {
        this.client = new InternalClient<>(builders, codec, breakers.circuitBreaker(BREAKER), SERVICE_NAME,
                "experiences-service", properties, ExperiencesUnavailableException::new);
        this.properties = properties;
    }

    /**
     * The queues the consumer waits in or holds a grant of, in the caller's tenant. Fails with
     * {@link ExperiencesUnavailableException} when experiences-service cannot answer.
     */
    public Mono<ParticipationsView> participations(InternalContext caller, UUID consumer) {
        String consumerId = Ids.format("cons", consumer);
        return client.call(() -> client.http().get()
                        .uri("/internal/participations/{consumerId}", consumerId)
                        .header(InternalContext.HEADER, client.signedAs(caller))
                        .exchangeToMono(this::read))
                .onErrorMap(failure -> unavailable(caller, failure));
    }

    private Mono<ParticipationsView> read(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        if (status.is2xxSuccessful()) {
            // Read as a tree: a tolerant reader, so fields experiences-service adds later do not break /consumers/me.
            return response.bodyToMono(JsonNode.class).map(ParticipationsView::from);
        }
        // A 404 here means the route or the surface was refused, not "no participations": that answer is a 200.
        return client.unexpected(response);
    }

    private ExperiencesUnavailableException unavailable(InternalContext caller, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            outages.warn(caller, "Participations read skipped, circuit breaker " + BREAKER + " is open", failure);
            return new ExperiencesUnavailableException("circuit breaker " + BREAKER + " is open", false, failure);
        }
        if (failure instanceof TimeoutException) {
            outages.warn(caller, "Participations read gave up after " + properties.deadline(), failure);
            return new ExperiencesUnavailableException("experiences-service did not answer in time", false, failure);
        }
        outages.warn(caller, "Participations read failed", failure);
        return failure instanceof ExperiencesUnavailableException unavailable ? unavailable
                : new ExperiencesUnavailableException(failure.getMessage(), false, failure);
    }
}
