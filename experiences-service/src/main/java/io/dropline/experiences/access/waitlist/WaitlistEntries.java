package io.dropline.experiences.access.waitlist;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.CursorCodec;
import io.dropline.contracts.page.KeysetList;
import io.dropline.contracts.page.ListResponse;
import io.dropline.experiences.access.distribution.CsvRows;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.EntryRules;
import io.dropline.experiences.access.distribution.Participant;
import io.dropline.experiences.access.distribution.Participants;
import io.dropline.experiences.access.distribution.ServerActionRequest;
import io.dropline.experiences.access.distribution.StatusStreams;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Sign-ups on a waitlist: the consumer's enter, status (and its stream) and leave, the merchant's sign-up from the
 * server ({@code POST /sequences/{id}/waitlist/enter}) and deny, and the lists of sign-ups. Every change locks the
 * waitlist's row first (capacity counter, waves and sign-ups of one waitlist run one at a time, always in that lock
 * order, so they cannot deadlock) and commits with its outbox event before the answer.
 */
@Service
public class WaitlistEntries {

    static final Participants.Table TABLE = new Participants.Table("waitlist_entries");
    static final List<String> STATUSES = List.of("WAITING", "NOTIFIED", "CONVERTED", "LEFT", "DENIED");
    static final KeysetList<Participant> SIGNUPS = Participants.rowList(STATUSES);
    private static final List<String> ACTIVE = List.of(WaitlistStatus.WAITING, WaitlistStatus.NOTIFIED);

    private final WaitlistRepository repository;
    private final WaitlistService waitlists;
    private final Participants participants;
    private final DistributionEvents events;
    private final StatusStreams streams;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;
    private final CursorCodec cursors;

    WaitlistEntries(WaitlistRepository repository, WaitlistService waitlists, Participants participants, DistributionEvents events,
            StatusStreams streams, TransactionalOperator transaction, RequestBodies bodies, CursorCodec cursors) {
        this.repository = repository;
        this.waitlists = waitlists;
        this.participants = participants;
        this.events = events;
        this.streams = streams;
        this.transaction = transaction;
        this.bodies = bodies;
        this.cursors = cursors;
    }

    /** Signs the consumer up (idempotent: already signed up → the current sign-up); full → 409 WAITLIST_FULL. */
    Mono<WaitlistStatus> enter(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> Mono.fromSupplier(() -> WaitlistIds.parseOrNotFound(id))
                        .flatMap(uuid -> repository.lockById(context, uuid))
                        .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                        .flatMap(waitlist -> signUp(context, waitlist, consumer, 0, true))
                        .as(transaction::transactional));
    }

    /** {@code POST /sequences/{id}/waitlist/enter}: the merchant signs a consumer up, optionally with a priority. */
    Mono<WaitlistStatus> enterFromServer(InternalContext context, String sequenceId, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, AdminEnterRequest.class))
                .flatMap(request -> sequenceWaitlist(context, sequenceId)
                        .flatMap(found -> repository.lockById(context, found.id()))
                        .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                        .flatMap(waitlist -> signUp(context, waitlist, Ids.parse("cons", request.consumerId().value()).orElseThrow(),
                                request.priority().or(0), false))
                        .as(transaction::transactional));
    }

    private Mono<WaitlistStatus> signUp(InternalContext context, WaitlistEntity waitlist, UUID consumer, int priority, boolean byConsumer) {
        Instant now = waitlists.now();
        ApiException refused = byConsumer
                ? EntryRules.refusal(context, waitlist.lifecycle(), waitlist.supportsGuest(), now, "Waitlist", "WAITLIST")
                : serverRefusal(waitlist, now);
        return participants.find(TABLE, waitlist.id(), consumer)
                .filter(row -> !row.status().equals(WaitlistStatus.LEFT))
                .map(row -> WaitlistStatus.of(waitlist, row))
                .switchIfEmpty(Mono.defer(() -> refused != null ? Mono.error(refused)
                        : participants.enter(TABLE, waitlist.ref(), waitlist.id(), consumer, WaitlistStatus.WAITING, priority, null,
                                        List.of(WaitlistStatus.LEFT), now)
                                .flatMap(row -> repository.takeSignup(waitlist.id())
                                        .flatMap(taken -> taken ? announce(EventTypes.WAITLIST_ENTERED, waitlist, row, "enteredAt", now)
                                                .thenReturn(WaitlistStatus.of(waitlist, row))
                                                : Mono.error(ApiException.conflict("Waitlist is full", "WAITLIST_FULL"))))
                                // A row appeared between the read and the insert: the same consumer signing up twice at once.
                                .switchIfEmpty(Mono.defer(() -> participants.find(TABLE, waitlist.id(), consumer)
                                        .map(row -> WaitlistStatus.of(waitlist, row))))));
    }

    /** The server's sign-up ignores the guest rule (it names the consumer) but not the window. */
    private static ApiException serverRefusal(WaitlistEntity waitlist, Instant now) {
        if (!waitlist.lifecycle().acceptsEntriesAt(now)) {
            return waitlist.lifecycle().notYetOpenAt(now) && !waitlist.stopped()
                    ? new ApiException(org.springframework.http.HttpStatus.LOCKED, "Waitlist is not open yet", "WAITLIST_NOT_OPEN")
                            .retryAfter(java.time.Duration.between(now, waitlist.openAt()).toSeconds() + 1)
                    : new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "Waitlist is closed", "WAITLIST_CLOSED");
        }
        return null;
    }

    /** {@code { left }}: true when a sign-up ended now, false when there was none (idempotent). */
    Mono<LeftResponse> leave(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> Mono.fromSupplier(() -> WaitlistIds.parseOrNotFound(id))
                        .flatMap(uuid -> repository.lockById(context, uuid))
                        .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                        .flatMap(waitlist -> end(waitlist, consumer, WaitlistStatus.LEFT, Participants.Stamp.LEFT, null,
                                EventTypes.WAITLIST_LEFT, "leftAt"))
                        .map(row -> new LeftResponse(true))
                        .defaultIfEmpty(new LeftResponse(false))
                        .as(transaction::transactional));
    }

    record LeftResponse(boolean left) {
    }

    /** Server-side: removes a sign-up (WAITING or NOTIFIED → DENIED with a reason); 404 when there is none. */
    Mono<WaitlistStatus> deny(InternalContext context, String id, JsonNode body) {
        return EntryRules.requireServer(context)
                .then(Mono.fromSupplier(() -> bodies.read(body, ServerActionRequest.class)))
                .flatMap(action -> Mono.fromSupplier(() -> WaitlistIds.parseOrNotFound(id))
                        .flatMap(uuid -> repository.lockById(context, uuid))
                        .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                        .flatMap(waitlist -> end(waitlist, action.consumer(), WaitlistStatus.DENIED, Participants.Stamp.DENIED,
                                action.denyReason(), EventTypes.WAITLIST_DENIED, "deniedAt")
                                .map(row -> WaitlistStatus.of(waitlist, row)))
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer on waitlist")))
                        .as(transaction::transactional));
    }

    private Mono<Participant> end(WaitlistEntity waitlist, UUID consumer, String to, Participants.Stamp stamp, String reason,
            String eventType, String atField) {
        Instant now = waitlists.now();
        return participants.move(TABLE, waitlist.id(), consumer, ACTIVE, to, stamp, reason, now)
                .flatMap(row -> repository.releaseSignup(waitlist.id())
                        .then(announce(eventType, waitlist, row, atField, now))
                        .thenReturn(row));
    }

    Mono<WaitlistStatus> status(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> waitlist(context, id).flatMap(waitlist -> statusOf(waitlist, consumer)));
    }

    Flux<ServerSentEvent<WaitlistStatus>> statusStream(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .zipWith(waitlist(context, id))
                .flatMapMany(target -> streams.stream(() -> statusOf(target.getT2(), target.getT1()), WaitlistStatus::isFinal, state -> state));
    }

    /** The status of a consumer on a waitlist found already (also for {@code /consumers/me}). */
    public Mono<WaitlistStatus> statusOf(UUID waitlistId, UUID consumer) {
        return repository.findAnyById(waitlistId).flatMap(waitlist -> statusOf(waitlist, consumer));
    }

    private Mono<WaitlistStatus> statusOf(WaitlistEntity waitlist, UUID consumer) {
        return participants.find(TABLE, waitlist.id(), consumer)
                .map(row -> WaitlistStatus.of(waitlist, row))
                .defaultIfEmpty(WaitlistStatus.notEntered(waitlist, consumer));
    }

    /** {@code GET /sequences/{id}/waitlist/consumers}: the sign-ups of the sequence's waitlist in sign-up order. */
    Mono<ListResponse<WaitlistStatus>> sequenceConsumers(InternalContext context, String sequenceId, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> SIGNUPS.parse(params))
                .flatMap(query -> sequenceWaitlist(context, sequenceId)
                        .switchIfEmpty(Mono.error(WaitlistIds::notFound))
                        .flatMap(waitlist -> {
                            var keyset = query.keyset(cursors, "waitlist_entries", waitlist.id().toString(),
                                    context.organizationId().toString(), context.environment().name());
                            return keyset.page(participants.rowPage(TABLE, context, waitlist.id(), keyset), row -> WaitlistStatus.of(waitlist, row));
                        }));
    }

    static final List<String> CSV_COLUMNS = List.of("consumerId", "status", "priority", "enteredAt", "notifiedAt", "notifiedWave",
            "leftAt", "deniedAt", "denyReason");

    /**
     * The CSV export of a waitlist of the caller's tenant (404 first for any other id): its file name, and its lines
     * (header, then every sign-up in sign-up order) as a stream read from PostgreSQL as it is written.
     */
    Mono<CsvExport> export(InternalContext context, String id) {
        return waitlist(context, id).map(waitlist -> new CsvExport(waitlist.publicId() + ".csv",
                Flux.concat(Mono.just(CsvRows.line(CSV_COLUMNS)), participants.stream(TABLE, context, waitlist.id()).map(WaitlistEntries::csvLine))));
    }

    record CsvExport(String filename, Flux<String> lines) {
    }

    private static String csvLine(Participant row) {
        return CsvRows.line(Arrays.asList(row.publicConsumerId(), row.status(), row.priority(), row.enteredAt(), row.notifiedAt(),
                row.notifiedWave(), row.leftAt(), row.deniedAt(), row.denyReason()));
    }

    /** The consumer's active sign-ups (WAITING or NOTIFIED), newest first, for {@code /consumers/me}; at most {@code limit}. */
    public Flux<Active> activeOf(InternalContext context, UUID consumer, int limit) {
        return participants.ofConsumer(TABLE, context, consumer, ACTIVE, limit)
                .concatMap(row -> repository.findById(context, row.distributionId())
                        .map(waitlist -> new Active(WaitlistStatus.of(waitlist, row), Ids.format("exp", waitlist.experienceId()))));
    }

    /** An active sign-up and the experience of its waitlist (its sequence is in the status). */
    public record Active(WaitlistStatus state, String experienceId) {
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private Mono<WaitlistEntity> waitlist(InternalContext context, String id) {
        return Mono.fromSupplier(() -> WaitlistIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(WaitlistIds::notFound));
    }

    /** The waitlist of a sequence of the caller's tenant; a malformed, unknown or foreign sequence → "Sequence not found". */
    private Mono<WaitlistEntity> sequenceWaitlist(InternalContext context, String sequenceId) {
        return Mono.fromSupplier(() -> Ids.parse("seq", sequenceId).orElseThrow(() -> ApiException.notFound("Sequence")))
                .flatMap(uuid -> repository.findParent(context, uuid)
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Sequence")))
                        .flatMap(parent -> repository.findBySequence(context, uuid)));
    }

    private Mono<Void> announce(String type, WaitlistEntity waitlist, Participant row, String atField, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("consumerId", row.publicConsumerId());
        data.put(atField, now.toString());
        if (type.endsWith(".denied")) {
            data.put("reason", row.denyReason());
        }
        if (type.endsWith(".entered")) {
            data.put("priority", row.priority());
        }
        return events.consumers(type, waitlist.ref(), "waitlistId", List.of(data), now);
    }
}
