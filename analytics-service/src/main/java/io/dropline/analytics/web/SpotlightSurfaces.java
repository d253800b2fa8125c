package io.dropline.analytics.web;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Spotlight routes answer one surface each: the Admin API an admin JWT's context, the SDK API a publishable key's.
 * The gateway routes them that way already; a context of another surface (a secret key, a consumer) is refused
 * with 403 so a misrouted or replayed call reads and writes nothing.
 */
public final class SpotlightSurfaces {

    private SpotlightSurfaces() {
    }

    public static InternalContext admin(InternalContext context) {
        return require(context, ApiSurface.SPOTLIGHT_ADMIN, "This endpoint needs a Spotlight admin");
    }

    public static InternalContext sdk(InternalContext context) {
        return require(context, ApiSurface.SDK, "This endpoint needs a publishable key");
    }

    private static InternalContext require(InternalContext context, ApiSurface surface, String message) {
        if (context.surface() != surface || context.organizationId() == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, message, "FORBIDDEN");
        }
        return context;
    }
}
