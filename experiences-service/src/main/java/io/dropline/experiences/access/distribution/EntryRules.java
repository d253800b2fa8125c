package io.dropline.experiences.access.distribution;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * The consumer-side rules every type's enter shares, as the queue answers them: a consumer token (401), guests only
 * where {@code supportsGuest} (403), 423 with {@code Retry-After} before opening, 400 closed after closing; and the
 * server-side actions' secret key and {@code consumerId}.
 */
public final class EntryRules {

    private EntryRules() {
    }

    /** The consumer behind a Consumer API call's token; 401 for anything else. */
    public static Mono<UUID> consumerOf(InternalContext context) {
        if (context.surface() != ApiSurface.CONSUMER || context.principal() == null || !context.principal().isConsumer()) {
            return Mono.error(consumerRequired());
        }
        return Mono.justOrEmpty(Ids.parse("cons", context.principal().id())).switchIfEmpty(Mono.error(EntryRules::consumerRequired));
    }

    private static ApiException consumerRequired() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Consumer authentication required", "CONSUMER_REQUIRED");
    }

    /**
     * Null when an entry is accepted now, else the error: {@code label} names the type in messages ("Timed release"),
     * {@code codePrefix} in codes ({@code TIMED_RELEASE}_NOT_OPEN, _CLOSED).
     */
    public static ApiException refusal(InternalContext context, Lifecycle lifecycle, boolean supportsGuest, Instant now, String label,
            String codePrefix) {
        if (context.principal().isGuest() && !supportsGuest) {
            return new ApiException(HttpStatus.FORBIDDEN, "This " + label.toLowerCase(java.util.Locale.ROOT)
                    + " requires a signed-in consumer", "GUEST_NOT_ALLOWED");
        }
        if (lifecycle.notYetOpenAt(now) && !lifecycle.stopped()) {
            return new ApiException(HttpStatus.LOCKED, label + " is not open yet", codePrefix + "_NOT_OPEN")
                    .retryAfter(Duration.between(now, lifecycle.openAt()).toSeconds() + 1);
        }
        if (!lifecycle.acceptsEntriesAt(now)) {
            return new ApiException(HttpStatus.BAD_REQUEST, label + " is closed", codePrefix + "_CLOSED");
        }
        return null;
    }

    /** Server-side actions (deny, complete, validate) take the secret key only. */
    public static Mono<Void> requireServer(InternalContext context) {
        return context.surface() == ApiSurface.ADMIN ? Mono.empty()
                : Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Secret key required", "SECRET_KEY_REQUIRED"));
    }

    /** The {@code consumerId} of a server-side action's body; 400 when it is not a consumer id. */
    public static UUID consumerIdOrBadRequest(String consumerId) {
        return Ids.parse("cons", consumerId).orElseThrow(() -> ApiException.validation("consumerId", "Must be a consumer id (cons_…)"));
    }
}
