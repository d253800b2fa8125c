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

    Mono<Principal> verify(String token, AuthenticatedKey key);
}
