package io.dropline.audience.audience;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.Keyset;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListQuery;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.web.QueryParams;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Audiences Admin API: static audiences, their members, keyset-paginated lists. */
@Service
public class AudienceService {

    private final AudienceRepository repository;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final RequestBodies bodies;

    AudienceService(AudienceRepository repository, CursorCodec cursors, TransactionalOperator transaction, Clock clock,
            RequestBodies bodies) {
        this.repository = repository;
        this.bodies = bodies;
        this.cursors = cursors;
        this.transaction = transaction;
        this.clock = clock;
    }

    Mono<AudienceResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateAudienceRequest.class))
                .flatMap(fields -> repository.insert(context, Ids.newUuid(), fields, now()))
                .map(AudienceResponse::from);
    }

    Mono<AudienceResponse> get(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> QueryParams.only(params, Set.of()))
                .map(valid -> AudienceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(AudienceIds::notFound))
                .map(AudienceResponse::from);
    }

    /** Partial: absent fields stay as they are. A malformed id answers 404 before the body is judged. */
    Mono<AudienceResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> AudienceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.update(context, uuid, bodies.read(body, UpdateAudienceRequest.class), now()))
                .switchIfEmpty(Mono.error(AudienceIds::notFound))
                .map(AudienceResponse::from);
    }

    /** Hard delete, members included; the answer is the audience as it was. */
    Mono<AudienceResponse> delete(InternalContext context, String id) {
        return Mono.fromSupplier(() -> AudienceIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.delete(context, uuid))
                .switchIfEmpty(Mono.error(AudienceIds::notFound))
                .map(AudienceResponse::from);
    }

    Mono<ListResponse<AudienceResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> AudienceRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("audiences", context)))
                .flatMap(keyset -> keyset.page(repository.page(context, keyset), AudienceResponse::from));
    }

    /** Idempotent: consumers already in the audience are left alone and not counted as added. */
    Mono<MembersAddedResponse> addMembers(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> AudienceIds.parseOrNotFound(id))
                .flatMap(uuid -> changeMembers(context, uuid, MemberIds.parse(body), true))
                .map(MembersAddedResponse::from);
    }

    /** Idempotent: consumers not in the audience are ignored and not counted as removed. */
    Mono<MembersRemovedResponse> removeMembers(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> AudienceIds.parseOrNotFound(id))
                .flatMap(uuid -> changeMembers(context, uuid, MemberIds.parse(body), false))
                .map(MembersRemovedResponse::from);
    }

    /** One transaction: lock the audience (404 if not the caller's), change the rows, move the count by as many. */
    private Mono<MemberCount> changeMembers(InternalContext context, UUID audienceId, MemberIds members, boolean adding) {
        Instant now = now();
        return repository.lockForMemberChange(context, audienceId)
                .switchIfEmpty(Mono.error(AudienceIds::notFound))
                .flatMap(locked -> adding ? repository.insertMembers(locked, members.consumerIds(), now)
                        : repository.deleteMembers(locked, members.consumerIds()))
                .flatMap(changed -> repository.adjustMemberCount(audienceId, adding ? changed : -changed, now))
                .as(transaction::transactional);
    }

    Mono<ListResponse<MemberResponse>> members(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> AudienceRepository.MEMBERS.parse(params))
                .flatMap(query -> repository.findById(context, AudienceIds.parseOrNotFound(id))
                        .switchIfEmpty(Mono.error(AudienceIds::notFound))
                        .flatMap(audience -> memberPage(context, audience.id(), query)));
    }

    private Mono<ListResponse<MemberResponse>> memberPage(InternalContext context, UUID audienceId, ListQuery<MemberEntity> query) {
        Keyset<MemberEntity> keyset = query.keyset(cursors, KeysetList.tenant("audience-members", context, audienceId.toString()));
        return keyset.page(repository.members(audienceId, keyset), MemberResponse::from);
    }

    /** PostgreSQL keeps microseconds; truncating here makes the response equal what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
