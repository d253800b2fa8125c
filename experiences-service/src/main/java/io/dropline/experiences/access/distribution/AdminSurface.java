package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import java.util.function.Supplier;

/**
 * The Admin API routes answer a secret key only. Paths shared with the Consumer API (a publishable key's view
 * of {@code GET /experiences/{id}}, {@code GET /queues/{id}}) come later; until then any other surface gets
 * the resource's 404, which reveals nothing about what exists.
 */
public final class AdminSurface {

    private AdminSurface() {
    }

    public static InternalContext require(InternalContext context, Supplier<ApiException> notFound) {
        if (context.surface() != ApiSurface.ADMIN) {
            throw notFound.get();
        }
        return context;
    }
}
