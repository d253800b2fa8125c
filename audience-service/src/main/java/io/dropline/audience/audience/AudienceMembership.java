package io.dropline.audience.audience;

import io.dropline.contracts.context.InternalContext;
import reactor.core.publisher.Mono;

/**
 * How one type of audience answers "is consumer C a member of audience A". One bean per {@link AudienceType};
 * {@link AudienceMemberships} picks it by the audience's type. Implementations cache nothing (yet).
 */
interface AudienceMembership {

    AudienceType type();

    Mono<Boolean> isMember(InternalContext context, MembershipProbe probe);
}
