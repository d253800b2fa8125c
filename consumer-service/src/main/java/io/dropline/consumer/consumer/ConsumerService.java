package io.dropline.consumer.consumer;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.body.Tristate;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.contracts.web.QueryParams;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The Consumers Admin API: single and batch writes, keyset-paginated lists. */
@Service
public class ConsumerService {

    private final ConsumerRepository repository;
    private final ConsumerBatches batches;
    private final CursorCodec cursors;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final RequestBodies bodies;

    ConsumerService(ConsumerRepository repository, CursorCodec cursors, TransactionalOperator transaction, Clock clock,
            RequestBodies bodies) {
        this.repository = repository;
        this.bodies = bodies;
        this.batches = new ConsumerBatches(repository, bodies);
        this.cursors = cursors;
        this.transaction = transaction;
        this.clock = clock;
    }

    Mono<ConsumerResponse> create(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, CreateConsumerRequest.class).toWrite())
                .flatMap(fields -> repository.insert(context, Ids.newUuid(), fields, now()))
                .onErrorMap(DuplicateKeyException.class, duplicate -> emailTaken("email"))
                .map(ConsumerResponse::from);
    }

    /** Relations ({@code include=audiences,orders}) arrive with the audience and order services; until then none. */
    Mono<ConsumerResponse> get(InternalContext context, String id, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> QueryParams.only(params, Set.of()))
                .map(valid -> ConsumerIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(ConsumerIds::notFound))
                .map(ConsumerResponse::from);
    }

    Mono<ConsumerResponse> update(InternalContext context, String id, JsonNode body) {
        return Mono.fromSupplier(() -> ConsumerIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.update(context, uuid, bodies.read(body, UpdateConsumerRequest.class).toWrite(), now()))
                .onErrorMap(DuplicateKeyException.class, duplicate -> emailTaken("email"))
                .switchIfEmpty(Mono.error(ConsumerIds::notFound))
                .map(ConsumerResponse::from);
    }

    /** Hard delete; the answer is the consumer as it was. */
    Mono<ConsumerResponse> delete(InternalContext context, String id) {
        return Mono.fromSupplier(() -> ConsumerIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.delete(context, uuid))
                .switchIfEmpty(Mono.error(ConsumerIds::notFound))
                .map(ConsumerResponse::from);
    }

    Mono<ListResponse<ConsumerResponse>> list(InternalContext context, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> ConsumerRepository.LIST.parse(params).keyset(cursors, KeysetList.tenant("consumers", context)))
                .flatMap(keyset -> keyset.page(repository.page(context, keyset), ConsumerResponse::from));
    }

    /** All or nothing: every item is validated first, then all are inserted in one transaction. */
    Mono<List<ConsumerResponse>> createBatch(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> ConsumerBatches.items(body))
                .flatMap(items -> insertAll(context, items, batches.parseCreates(items)));
    }

    private Mono<List<ConsumerResponse>> insertAll(InternalContext context, ConsumerBatches.Items items,
            List<ConsumerWrite> creates) {
        Instant now = now();
        return batches.checkEmailsFree(context, items, creates, List.of())
                .thenMany(Flux.fromIterable(creates).concatMap(fields -> repository.insert(context, Ids.newUuid(), fields, now)))
                .as(transaction::transactional)
                .onErrorMap(DuplicateKeyException.class, duplicate -> emailTaken(items.field(0, "email")))
                .map(ConsumerResponse::from)
                .collectList();
    }

    /** All or nothing, like {@link #createBatch}; every id must exist in the caller's tenant. */
    Mono<List<ConsumerResponse>> updateBatch(InternalContext context, JsonNode body) {
        return Mono.fromSupplier(() -> ConsumerBatches.items(body))
                .flatMap(items -> updateAll(context, items, batches.parseUpdates(items)));
    }

    private Mono<List<ConsumerResponse>> updateAll(InternalContext context, ConsumerBatches.Items items,
            List<ConsumerBatches.Update> updates) {
        Instant now = now();
        return batches.checkAllExist(context, items, updates)
                .then(batches.checkEmailsFree(context, items, updates.stream().map(ConsumerBatches.Update::changes).toList(),
                        updates.stream().map(ConsumerBatches.Update::id).toList()))
                .thenMany(Flux.fromIterable(updates).concatMap(update -> repository.update(context, update.id(), update.changes(), now)))
                .as(transaction::transactional)
                .onErrorMap(DuplicateKeyException.class, duplicate -> emailTaken(items.field(0, "email")))
                .map(ConsumerResponse::from)
                .collectList();
    }

    /**
     * A consumer made by a sign-in rather than the Admin API: the first sign-in of an external identity (guests are
     * written with their sessions by the session feature's group commit, GuestSessions). An email another consumer of
     * the tenant already has is left out rather than failing the sign-in. Joins the caller's transaction.
     */
    public Mono<ConsumerProfile> createForSignIn(InternalContext context, String email, String fullName) {
        return emailIfFree(context, email)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(free -> repository.insert(context, Ids.newUuid(), signInFields(free.orElse(null), fullName), now()))
                .map(ConsumerProfile::from);
    }

    /** Fills email and full name where they are still empty (an email taken by another consumer stays empty). */
    public Mono<ConsumerProfile> fillMissing(InternalContext context, UUID id, String email, String fullName) {
        return repository.fillMissing(context, id, email, fullName, now())
                .switchIfEmpty(Mono.error(ConsumerIds::notFound))
                .map(ConsumerProfile::from);
    }

    public Mono<ConsumerProfile> findProfile(InternalContext context, UUID id) {
        return repository.findById(context, id)
                .switchIfEmpty(Mono.error(ConsumerIds::notFound))
                .map(ConsumerProfile::from);
    }

    private Mono<String> emailIfFree(InternalContext context, String email) {
        if (email == null) {
            return Mono.empty();
        }
        return repository.findTakenEmails(context, List.of(email.toLowerCase(java.util.Locale.ROOT)), List.of())
                .hasElements()
                .filter(taken -> !taken)
                .map(free -> email);
    }

    private static ConsumerWrite signInFields(String email, String fullName) {
        return new ConsumerWrite(Tristate.of(email), Tristate.absent(), Tristate.of(fullName), Tristate.absent(), Tristate.absent());
    }

    static ApiException emailTaken(String field) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Email already exists", "EMAIL_ALREADY_EXISTS",
                List.of(new FieldError(field, "Already exists")));
    }

    /** PostgreSQL keeps microseconds; truncating here makes the response equal what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
