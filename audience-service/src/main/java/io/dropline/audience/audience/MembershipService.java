package io.dropline.audience.audience;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * "Is consumer C in audience A", for peer services (sequence gating in experiences-service). On the hot path:
 * one indexed statement finds the audience in the caller's tenant and what the membership of its type needs,
 * then the {@link AudienceMembership} of the audience's type answers. Nothing is cached yet.
 */
@Service
public class MembershipService {

    private final AudienceRepository repository;
    private final AudienceMemberships memberships;

    MembershipService(AudienceRepository repository, AudienceMemberships memberships) {
        this.repository = repository;
        this.memberships = memberships;
    }

    Mono<MembershipResponse> check(InternalContext context, String audienceId, String consumerId) {
        return Mono.fromRunnable(() -> requireInternalCaller(context))
                .then(Mono.fromSupplier(() -> consumerUuid(consumerId)))
                .flatMap(consumer -> repository.probeMembership(context, AudienceIds.parseOrNotFound(audienceId), consumer))
                .switchIfEmpty(Mono.error(AudienceIds::notFound))
                .flatMap(probe -> memberships.of(probe.type()).isMember(context, probe)
                        .map(member -> MembershipResponse.of(probe, member)));
    }

    /** Internal routes are never exposed by the gateway; a context minted for a public surface has no business here. */
    private static void requireInternalCaller(InternalContext context) {
        if (context.surface() != ApiSurface.INTERNAL) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Internal callers only", "FORBIDDEN");
        }
    }

    private static UUID consumerUuid(String consumerId) {
        return Ids.parse(AudienceIds.CONSUMER_PREFIX, consumerId)
                .orElseThrow(() -> ApiException.validation("consumerId", "Must be a consumer id (cons_…)"));
    }
}
