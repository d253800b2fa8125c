package io.dropline.gateway.spotlight;

import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.web.RequestIds;
import io.dropline.gateway.caller.Caller;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who makes a Spotlight tenancy write and for which tenant: a Spotlight admin (surface SPOTLIGHT_ADMIN) or, on the
 * bootstrap path under {@code /api/v1/settings/spotlight}, the merchant's secret key (surface ADMIN). {@link #context()}
 * is what the AdminActivity event records.
 *
 * @param role the Spotlight admin's role ({@code owner}, {@code admin}, {@code editor}, {@code viewer}); null for the
 *             secret key on the bootstrap path
 */
public record AdminActor(InternalContext context, String role) {

    public static AdminActor of(Caller caller, ServerWebExchange exchange) {
        return new AdminActor(new InternalContext(caller.organizationId(), caller.environment(), caller.surface(),
                caller.principal(), RequestIds.of(exchange), Instant.now().plus(InternalContextCodec.DEFAULT_TTL)),
                caller.adminRole());
    }

    public UUID organizationId() {
        return context.organizationId();
    }

    public Environment environment() {
        return context.environment();
    }

    /** Whether the write comes through the Spotlight Admin API (where the lock-out guards apply). */
    public boolean isSpotlightAdmin() {
        return context.principal().isAdminUser();
    }

    /** Whether the write comes from a Spotlight admin whose role is {@code owner}. */
    public boolean isOwner() {
        return isSpotlightAdmin() && "owner".equals(role);
    }
}
