package io.dropline.experiences.commerce;

import io.dropline.contracts.client.InternalClient;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Reads an experience's products from commerce-service ({@code GET /internal/experiences/{id}/products}), signed as
 * this service with the caller's tenant and request id, so commerce-service answers only that tenant's products.
 *
 * <p>Resilience is the shared {@link InternalClient} recipe: timeouts, one retry of this idempotent GET for transient
 * failures, a deadline over both and the circuit breaker {@code commerce}. Every failure is a
 * {@link CommerceUnavailableException}; what the view makes of it is {@link ExperienceProducts}'s business.
 */
@Component
class CommerceClient {

    static final String BREAKER = "commerce";
    private static final String SERVICE_NAME = "experiences-service";

    /** The internal read's body: {@code {"data": [...]}}. */
    record Page(List<ExperienceProduct> data) {
    }

    private final InternalClient<CommerceUnavailableException> client;

    CommerceClient(ObjectProvider<WebClient.Builder> builders, InternalContextCodec codec, CircuitBreakerRegistry breakers,
            CommerceProperties properties) {
        this.client = new InternalClient<>(builders, codec, breakers.circuitBreaker(BREAKER), SERVICE_NAME,
                "commerce-service", properties, CommerceUnavailableException::new);
    }

    /** The products the experience ({@code exp_…}) sells that a shopper may see, in the caller's tenant. */
    Mono<List<ExperienceProduct>> products(InternalContext caller, String experienceId) {
        return client.call(() -> client.http().get()
                .uri("/internal/experiences/{experienceId}/products", experienceId)
                .header(InternalContext.HEADER, client.signedAs(caller))
                .exchangeToMono(this::read));
    }

    private Mono<List<ExperienceProduct>> read(ClientResponse response) {
        if (response.statusCode().value() == HttpStatus.OK.value()) {
            return response.bodyToMono(Page.class).map(page -> page.data() == null ? List.<ExperienceProduct>of() : page.data());
        }
        // A 404 included: commerce-service takes any well-formed experience id, so a 404 means the route is missing.
        return client.unexpected(response);
    }
}
