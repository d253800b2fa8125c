package io.dropline.consumer.session;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** Who may call the Consumer API routes of this service, decided from the gateway's internal context. */
public final class ConsumerCallers {

    private ConsumerCallers() {
    }

    /** Routes a browser calls with a publishable key (a secret key is the wrong credential for them). */
    public static void requireConsumerApi(InternalContext context) {
        if (context.surface() != ApiSurface.CONSUMER) {
            throw unauthorized("Publishable key required");
        }
    }

    /** Routes that act for the signed-in consumer (guest or authenticated): answers the consumer's uuid. */
    public static UUID requireConsumer(InternalContext context) {
        requireConsumerApi(context);
        if (context.principal() == null || !context.principal().isConsumer()) {
            throw unauthorized("Consumer access token required");
        }
        return Ids.parse(SessionIds.CONSUMER, context.principal().id())
                .orElseThrow(() -> unauthorized("Consumer access token required"));
    }

    /** Server-side routes: a merchant's backend with its secret key. */
    static void requireAdminApi(InternalContext context) {
        if (context.surface() != ApiSurface.ADMIN) {
            throw unauthorized("Secret key required");
        }
    }

    static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, message, null);
    }
}
