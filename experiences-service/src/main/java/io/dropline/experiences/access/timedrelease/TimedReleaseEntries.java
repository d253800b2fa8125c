package io.dropline.experiences.access.timedrelease;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.DistributionEvents;
import io.dropline.experiences.access.distribution.EntryRules;
import io.dropline.experiences.access.distribution.Grants;
import io.dropline.experiences.access.distribution.Participant;
import io.dropline.experiences.access.distribution.Participants;
import io.dropline.experiences.access.distribution.ServerActionRequest;
import io.dropline.experiences.access.distribution.StatusStreams;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A timed release as consumers live it (enter, status, leave, a live stream) and as the merchant's server controls it
 * (deny, complete, validate). Everyone eligible who enters while it is open is granted at once: the entry row with its
 * grant id and expiry (closeAt) and the outbox events commit in one transaction before the answer; PostgreSQL is the
 * only store, so there is no index to lose or rebuild.
 */
@Service
public class TimedReleaseEntries {

    static final Participants.Table TABLE = new Participants.Table("timed_release_entries");
    private static final String ID_FIELD = "timedReleaseId";

    private final TimedReleaseRepository repository;
    private final TimedReleaseService releases;
    private final Participants participants;
    private final Grants grants;
    private final DistributionEvents events;
    private final StatusStreams streams;
    private final TransactionalOperator transaction;
    private final RequestBodies bodies;

    TimedReleaseEntries(TimedReleaseRepository repository, TimedReleaseService releases, Participants participants, Grants grants,
            DistributionEvents events, StatusStreams streams, TransactionalOperator transaction, RequestBodies bodies) {
        this.repository = repository;
        this.releases = releases;
        this.participants = participants;
        this.grants = grants;
        this.events = events;
        this.streams = streams;
        this.transaction = transaction;
        this.bodies = bodies;
    }

    /** Before openAt → 423 with Retry-After; while open → GRANTED with a grant at once; after close → 400 closed. Idempotent. */
    Mono<TimedReleaseStatus> enter(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> release(context, id).flatMap(release -> enterOpen(context, release, consumer)));
    }

    private Mono<TimedReleaseStatus> enterOpen(InternalContext context, TimedReleaseEntity release, UUID consumer) {
        Instant now = releases.now();
        ApiException refused = EntryRules.refusal(context, release.lifecycle(), release.supportsGuest(), now, "Timed release", "TIMED_RELEASE");
        if (refused != null) {
            // Someone already in keeps their answer after the close (their grant, or its expiry).
            return participants.find(TABLE, release.id(), consumer)
                    .flatMap(row -> answer(release, row, now))
                    .switchIfEmpty(Mono.error(refused));
        }
        UUID grantId = Ids.newUuid();
        return participants.enter(TABLE, release.ref(), release.id(), consumer, TimedReleaseStatus.GRANTED, 0,
                        new Participants.NewGrant(grantId, release.closeAt()), List.of(TimedReleaseStatus.LEFT), now)
                .flatMap(row -> sign(release, row).flatMap(grant -> announceEntry(release, row, grant, now)
                        .thenReturn(TimedReleaseStatus.of(release.publicId(), row, grant, now))))
                .switchIfEmpty(Mono.defer(() -> participants.find(TABLE, release.id(), consumer).flatMap(row -> answer(release, row, now))))
                .as(transaction::transactional);
    }

    private Mono<Void> announceEntry(TimedReleaseEntity release, Participant row, String grant, Instant now) {
        Map<String, Object> entered = payload(row);
        entered.put("enteredAt", now.toString());
        Map<String, Object> admitted = payload(row);
        admitted.put("enteredAt", now.toString());
        admitted.put("admittedAt", now.toString());
        admitted.put("admissionToken", grant);
        admitted.put("expiresAt", row.grantExpiresAt() == null ? null : row.grantExpiresAt().toString());
        return events.consumers(EventTypes.TIMED_RELEASE_ENTERED, release.ref(), ID_FIELD, List.of(entered), now)
                .then(events.consumers(EventTypes.TIMED_RELEASE_ADMITTED, release.ref(), ID_FIELD, List.of(admitted), now));
    }

    Mono<TimedReleaseStatus> status(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> release(context, id).flatMap(release -> statusOf(release, consumer)));
    }

    /** The consumer's status now, then at every change, as Server-Sent Events (see StatusStreams). */
    Flux<ServerSentEvent<TimedReleaseStatus>> statusStream(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .zipWith(release(context, id))
                .flatMapMany(target -> streams.stream(() -> statusOf(target.getT2(), target.getT1()), TimedReleaseStatus::isFinal,
                        TimedReleaseStatus::withoutGrant));
    }

    /** The status of a consumer in a release found already (also for {@code /consumers/me}). */
    public Mono<TimedReleaseStatus> statusOf(UUID releaseId, UUID consumer) {
        return repository.findAnyById(releaseId).flatMap(release -> statusOf(release, consumer));
    }

    private Mono<TimedReleaseStatus> statusOf(TimedReleaseEntity release, UUID consumer) {
        Instant now = releases.now();
        return participants.find(TABLE, release.id(), consumer)
                .flatMap(row -> answer(release, row, now))
                .defaultIfEmpty(TimedReleaseStatus.notEntered(release.publicId()));
    }

    /** Gives the grant up: GRANTED → LEFT; 404 when the consumer holds none. */
    Mono<TimedReleaseStatus> leave(InternalContext context, String id) {
        return EntryRules.consumerOf(context)
                .flatMap(consumer -> release(context, id).flatMap(release -> {
                    Instant now = releases.now();
                    return participants.move(TABLE, release.id(), consumer, List.of(TimedReleaseStatus.GRANTED), TimedReleaseStatus.LEFT,
                                    Participants.Stamp.LEFT, null, now)
                            .flatMap(row -> announce(EventTypes.TIMED_RELEASE_LEFT, release, row, "leftAt", now)
                                    .thenReturn(TimedReleaseStatus.of(release.publicId(), row, null, now)))
                            .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in timed release")))
                            .as(transaction::transactional);
                }));
    }

    /** Server-side: takes a consumer's access back (GRANTED → DENIED with a reason). */
    Mono<TimedReleaseStatus> deny(InternalContext context, String id, JsonNode body) {
        return EntryRules.requireServer(context)
                .then(Mono.fromSupplier(() -> bodies.read(body, ServerActionRequest.class)))
                .flatMap(action -> release(context, id).flatMap(release -> {
                    Instant now = releases.now();
                    return participants.move(TABLE, release.id(), action.consumer(), List.of(TimedReleaseStatus.GRANTED),
                                    TimedReleaseStatus.DENIED, Participants.Stamp.DENIED, action.denyReason(), now)
                            .flatMap(row -> announceDenied(release, row, now).thenReturn(TimedReleaseStatus.of(release.publicId(), row, null, now)))
                            .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in timed release")))
                            .as(transaction::transactional);
                }));
    }

    private Mono<Void> announceDenied(TimedReleaseEntity release, Participant row, Instant now) {
        Map<String, Object> data = payload(row);
        data.put("deniedAt", now.toString());
        data.put("reason", row.denyReason());
        return events.consumers(EventTypes.TIMED_RELEASE_DENIED, release.ref(), ID_FIELD, List.of(data), now);
    }

    /** Server-side: marks the consumer's grant used, exactly once (a conditional update; the second answer is a 409). */
    Mono<TimedReleaseStatus> complete(InternalContext context, String id, JsonNode body) {
        return EntryRules.requireServer(context)
                .then(Mono.fromSupplier(() -> bodies.read(body, ServerActionRequest.class)))
                .flatMap(action -> release(context, id).flatMap(release -> grants.idOfPresented(action.grant())
                        .flatMap(grantId -> {
                            Instant now = releases.now();
                            return participants.complete(TABLE, release.id(), action.consumer(), TimedReleaseStatus.GRANTED,
                                            TimedReleaseStatus.COMPLETED, grantId.orElse(null), now)
                                    .flatMap(row -> announce(EventTypes.TIMED_RELEASE_COMPLETED, release, row, "completedAt", now)
                                            .thenReturn(TimedReleaseStatus.of(release.publicId(), row, null, now)))
                                    .switchIfEmpty(Mono.defer(() -> whyNotCompleted(release, action.consumer(), now)))
                                    .as(transaction::transactional);
                        })));
    }

    private Mono<TimedReleaseStatus> whyNotCompleted(TimedReleaseEntity release, UUID consumer, Instant now) {
        return participants.find(TABLE, release.id(), consumer)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in timed release")))
                .flatMap(row -> Mono.error(switch (row.status()) {
                    case TimedReleaseStatus.COMPLETED -> ApiException.conflict("Admission already completed", "ALREADY_COMPLETED");
                    case TimedReleaseStatus.GRANTED -> row.grantExpiresAt() != null && !row.grantExpiresAt().isAfter(now)
                            ? ApiException.conflict("Admission grant has expired", "GRANT_EXPIRED")
                            : ApiException.conflict("Grant does not match the consumer's admission", "GRANT_MISMATCH");
                    default -> ApiException.conflict("Consumer has no admission to complete", "NOT_GRANTED");
                }));
    }

    /** Server-side: whether a grant is genuine, unexpired, unused and this release's and consumer's (the core's path). */
    Mono<Validation> validate(InternalContext context, String id, JsonNode body) {
        return EntryRules.requireServer(context)
                .then(Mono.fromSupplier(() -> bodies.read(body, ServerActionRequest.class)))
                .flatMap(action -> release(context, id).flatMap(release -> grants.validate(release.ref(), action.consumerId().value(),
                        action.grant(), grantId -> participants.findByGrant(TABLE, grantId)
                                .filter(row -> row.distributionId().equals(release.id()))
                                .map(row -> row.grantRecord(TimedReleaseStatus.GRANTED, TimedReleaseStatus.COMPLETED)))))
                .map(Validation::of);
    }

    /** The answer of {@code validate}: the core's outcome with the release's id. */
    record Validation(boolean valid, String reason, String consumerId, String timedReleaseId, Instant expiresAt) {

        static Validation of(Grants.Validation outcome) {
            return new Validation(outcome.valid(), outcome.reason(), outcome.consumerId(), outcome.distributionId(), outcome.expiresAt());
        }
    }

    /**
     * The consumer's timed releases with a live grant, newest first (for {@code /consumers/me}), with where each sits;
     * at most {@code limit}.
     */
    public Flux<Active> activeOf(InternalContext context, UUID consumer, int limit) {
        return participants.ofConsumer(TABLE, context, consumer, List.of(TimedReleaseStatus.GRANTED), limit)
                .concatMap(row -> repository.findById(context, row.distributionId())
                        .flatMap(release -> answer(release, row, releases.now())
                                .map(state -> new Active(state, Ids.format("exp", release.experienceId()), Ids.format("seq", release.sequenceId())))))
                .filter(active -> active.state().isActive());
    }

    /** A live participation and where it sits. */
    public record Active(TimedReleaseStatus state, String experienceId, String sequenceId) {
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private Mono<TimedReleaseEntity> release(InternalContext context, String id) {
        return Mono.fromSupplier(() -> TimedReleaseIds.parseOrNotFound(id))
                .flatMap(uuid -> repository.findById(context, uuid))
                .switchIfEmpty(Mono.error(TimedReleaseIds::notFound));
    }

    private Mono<TimedReleaseStatus> answer(TimedReleaseEntity release, Participant row, Instant now) {
        boolean live = row.status().equals(TimedReleaseStatus.GRANTED) && (row.grantExpiresAt() == null || row.grantExpiresAt().isAfter(now));
        return (live ? sign(release, row) : Mono.<String>empty())
                .map(grant -> TimedReleaseStatus.of(release.publicId(), row, grant, now))
                .defaultIfEmpty(TimedReleaseStatus.of(release.publicId(), row, null, now));
    }

    /** The grant of a GRANTED row, signed again on each read (same id, claims and expiry; ES256 signatures differ). */
    private Mono<String> sign(TimedReleaseEntity release, Participant row) {
        return grants.sign(release.ref(), row.consumerId(), row.grantId(), row.grantedAt(), row.grantExpiresAt());
    }

    private Mono<Void> announce(String type, TimedReleaseEntity release, Participant row, String atField, Instant now) {
        Map<String, Object> data = payload(row);
        data.put(atField, now.toString());
        return events.consumers(type, release.ref(), ID_FIELD, List.of(data), now);
    }

    private static Map<String, Object> payload(Participant row) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("consumerId", row.publicConsumerId());
        return data;
    }
}
