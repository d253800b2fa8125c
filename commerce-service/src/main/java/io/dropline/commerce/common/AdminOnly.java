package io.dropline.commerce.common;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import java.util.function.Supplier;

/**
 * The commerce Admin API answers a secret key only; any other surface gets the resource's 404, which reveals nothing
 * about what exists (as experiences-service's admin routes do).
 */
public final class AdminOnly {

    private AdminOnly() {
    }

    public static InternalContext require(InternalContext context, Supplier<ApiException> notFound) {
        if (context.surface() != ApiSurface.ADMIN) {
            throw notFound.get();
        }
        return context;
    }
}
