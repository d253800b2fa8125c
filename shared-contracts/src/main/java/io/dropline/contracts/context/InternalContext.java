package io.dropline.contracts.context;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What the gateway vouches for on every request it routes: the tenant (organization and environment), the
 * API surface, the principal and the request id. Services trust nothing else about the caller: tenancy comes
 * from here, never from a body or query. {@code organizationId} is the uuid behind the public {@code org_} id.
 *
 * <p>{@code disabledFeatures} names the Spotlight features the tenant's kill switch has turned off ({@code tours},
 * {@code content}). The gateway owns that switch and puts its current state on every request it routes, so a
 * service honours a flip within the gateway's config cache bound without a second source of truth.
 */
public record InternalContext(
        UUID organizationId,
        Environment environment,
        ApiSurface surface,
        Principal principal,
        String requestId,
        Instant expiresAt,
        Set<String> disabledFeatures) {

    public InternalContext {
        disabledFeatures = disabledFeatures == null ? Set.of() : Set.copyOf(disabledFeatures);
    }

    public InternalContext(UUID organizationId, Environment environment, ApiSurface surface, Principal principal,
            String requestId, Instant expiresAt) {
        this(organizationId, environment, surface, principal, requestId, expiresAt, Set.of());
    }

    /** This context with the kill switch's current state. */
    public InternalContext withDisabledFeatures(Set<String> features) {
        return new InternalContext(organizationId, environment, surface, principal, requestId, expiresAt, features);
    }

    public boolean featureDisabled(String feature) {
        return disabledFeatures.contains(feature);
    }

    /** Exchange attribute and Reactor context key under which services find the verified context. */
    public static final String ATTRIBUTE = InternalContext.class.getName();

    /** The header that carries the signed context from the gateway to a service. */
    public static final String HEADER = "X-Dropline-Context";

    public boolean isLive() {
        return environment == Environment.LIVE;
    }
}
