package io.dropline.audience.audience;

import io.dropline.contracts.context.InternalContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A static audience's members are exactly its listed consumers: the primary-key lookup of the probe decides. */
@Component
class StaticMembership implements AudienceMembership {

    @Override
    public AudienceType type() {
        return AudienceType.STATIC;
    }

    @Override
    public Mono<Boolean> isMember(InternalContext context, MembershipProbe probe) {
        return Mono.just(probe.listed());
    }
}
