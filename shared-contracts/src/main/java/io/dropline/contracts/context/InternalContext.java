package io.dropline.contracts.context;

import java.time.Instant;
import java.util.UUID;

/**
 * What the gateway vouches for on every request it routes: the tenant (organization and environment), the
 * API surface, the principal and the request id. Services trust nothing else about the caller: tenancy comes
 * from here, never from a body or query. {@code organizationId} is the uuid behind the public {@code org_} id.
 */
public record InternalContext(
        UUID organizationId,
        Environment environment,
        ApiSurface surface,
        Principal principal,
        String requestId,
        Instant expiresAt) {

    /** Exchange attribute and Reactor context key under which services find the verified context. */
    public static final String ATTRIBUTE = InternalContext.class.getName();

    /** The header that carries the signed context from the gateway to a service. */
    public static final String HEADER = "X-Dropline-Context";

    public boolean isLive() {
        return environment == Environment.LIVE;
    }
}
