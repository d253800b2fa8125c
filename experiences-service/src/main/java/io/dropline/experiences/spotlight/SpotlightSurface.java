package io.dropline.experiences.spotlight;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import reactor.core.publisher.Mono;

/**
 * Spotlight routes answer only the surface the gateway vouched for: the Admin API ({@code X-API-Key} + admin JWT)
 * or the SDK (publishable key). Any other surface gets a 404, which reveals nothing about what exists.
 */
public final class SpotlightSurface {

    private SpotlightSurface() {
    }

    public static Mono<InternalContext> admin(InternalContext context) {
        return require(context, ApiSurface.SPOTLIGHT_ADMIN);
    }

    public static Mono<InternalContext> sdk(InternalContext context) {
        return require(context, ApiSurface.SDK);
    }

    private static Mono<InternalContext> require(InternalContext context, ApiSurface surface) {
        return context.surface() == surface ? Mono.just(context) : Mono.error(ApiException.notFound("Resource"));
    }
}
