package io.dropline.gateway.auth;

import io.dropline.contracts.context.Principal;
import io.dropline.gateway.caller.AuthenticatedKey;
import reactor.core.publisher.Mono;

/**
 * Verifies a consumer access token presented with a publishable key and answers the consumer principal:
 * {@link Principal#consumer} for an authenticated session, {@link Principal#guest} for a guest session, both
 * carrying the publishable key's id. Fails with a 401 {@link io.dropline.contracts.error.ApiException} when the
 * token is not valid for that tenant.
 */
public interface ConsumerTokenVerifier {

    /** A verified token's consumer principal and the session it belongs to ({@code sess_…}). */
    record ConsumerSession(Principal principal, String sessionId) {
    }

    /** The token's principal and session, or a 401 (503 when the revocation check cannot be answered). */
    Mono<ConsumerSession> session(String token, AuthenticatedKey key);

    default Mono<Principal> verify(String token, AuthenticatedKey key) {
        return session(token, key).map(ConsumerSession::principal);
    }

    /**
     * Notes an access token consumer-service has just issued to a caller with this key (read from its answer as it
     * passed through the gateway), so that its first use need not check its signature. True when it was remembered;
     * nothing else changes (revocation is still checked on every use). Remembers nothing by default.
     */
    default boolean remember(String token, AuthenticatedKey key) {
        return false;
    }

    /**
     * Completes when the session is not revoked, else 401 "Invalid access token" (503 when nobody can say): the
     * revocation check alone, for credentials derived from a session (stream tokens). Refuses by default.
     */
    default Mono<Void> requireActive(String sessionId) {
        return Mono.error(new io.dropline.contracts.error.ApiException(org.springframework.http.HttpStatus.UNAUTHORIZED,
                "Invalid access token", null));
    }
}
