package io.dropline.gateway.auth;

import io.dropline.gateway.apikey.AuthenticatedKey;
import reactor.core.publisher.Mono;

/**
 * Verifies a consumer access token presented with a publishable key and answers the consumer id ({@code cons_…}).
 * Fails with a 401 {@link io.dropline.contracts.error.ApiException} when the token is not valid for that tenant.
 */
public interface ConsumerTokenVerifier {

    Mono<String> verify(String token, AuthenticatedKey key);
}
