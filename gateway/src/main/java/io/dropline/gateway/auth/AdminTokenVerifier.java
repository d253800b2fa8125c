package io.dropline.gateway.auth;

import io.dropline.contracts.context.Principal;
import io.dropline.gateway.caller.AuthenticatedKey;
import reactor.core.publisher.Mono;

/**
 * Verifies a Spotlight admin JWT for the tenant resolved from {@code X-API-Key} and answers the admin principal and
 * role. Fails with 401 (invalid token) or 403 (valid token, not an admin) as an
 * {@link io.dropline.contracts.error.ApiException}; a dependency that is down (database, Redis) fails with its own
 * error, which the shared error mapping answers with 503.
 */
public interface AdminTokenVerifier {

    Mono<Admin> verify(String token, AuthenticatedKey key);

    /**
     * A verified Spotlight admin.
     *
     * @param role {@code owner}, {@code admin}, {@code editor} or {@code viewer}: the admin-users row's role under
     *             table_lookup; {@code admin} under the claim and all_authenticated strategies
     */
    record Admin(Principal principal, String role) {
    }
}
