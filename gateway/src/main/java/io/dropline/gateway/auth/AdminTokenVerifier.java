package io.dropline.gateway.auth;

import io.dropline.contracts.context.Principal;
import io.dropline.gateway.apikey.AuthenticatedKey;
import reactor.core.publisher.Mono;

/**
 * Verifies a Spotlight admin JWT for the tenant resolved from {@code X-API-Key} and answers the admin principal.
 * Fails with 401 (invalid token) or 403 (valid token, not an admin) as an
 * {@link io.dropline.contracts.error.ApiException}.
 */
public interface AdminTokenVerifier {

    Mono<Principal> verify(String token, AuthenticatedKey key);
}
