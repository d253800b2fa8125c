package io.dropline.gateway.caller;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.Principal;
import java.util.Set;
import java.util.UUID;

/**
 * Who a request is from, as decided by {@link io.dropline.gateway.auth.AuthenticationWebFilter}; stored under {@link #ATTRIBUTE}. The signed
 * internal context, rate-limit keys and the gateway's own tenancy routes all read it.
 *
 * @param clientAddress    the client's address (the TCP peer unless a trusted proxy says otherwise)
 * @param disabledFeatures the Spotlight features the tenant's kill switch turned off (Spotlight surfaces only)
 * @param adminRole        the Spotlight admin's role (SPOTLIGHT_ADMIN surface only, see {@link io.dropline.gateway.auth.AdminRoles}); else null
 */
public record Caller(UUID organizationId, Environment environment, ApiSurface surface, Principal principal,
        AuthenticatedKey key, String clientAddress, Set<String> disabledFeatures, String adminRole) {

    public Caller {
        disabledFeatures = disabledFeatures == null ? Set.of() : Set.copyOf(disabledFeatures);
    }

    public Caller(UUID organizationId, Environment environment, ApiSurface surface, Principal principal,
            AuthenticatedKey key, String clientAddress, Set<String> disabledFeatures) {
        this(organizationId, environment, surface, principal, key, clientAddress, disabledFeatures, null);
    }

    public Caller(UUID organizationId, Environment environment, ApiSurface surface, Principal principal,
            AuthenticatedKey key, String clientAddress) {
        this(organizationId, environment, surface, principal, key, clientAddress, Set.of());
    }

    /** A literal, so controllers can name it in {@code @RequestAttribute}. */
    public static final String ATTRIBUTE = "io.dropline.gateway.auth.Caller";

    /** Exchange attribute: the consumer session ({@code sess_…}) behind a verified consumer access token. */
    public static final String SESSION_ID_ATTRIBUTE = "io.dropline.gateway.auth.ConsumerSessionId";

    /** The consumer behind the request, or null when the consumer is anonymous (only the key is known). */
    public String consumerId() {
        return "consumer".equals(principal.type()) ? principal.id() : null;
    }
}
