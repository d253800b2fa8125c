package io.dropline.experiences.access.line;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.experiences.access.distribution.Grants;
import io.dropline.experiences.access.distribution.Grants.GrantRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The consumer's journey through a queue (enter, status, leave) and the merchant's server-side controls
 * (admit, deny, complete, validate). Reads come from the Redis index; every change is committed in PostgreSQL
 * first and then mirrored into the index.
 */
@Service
public class LineService {

    private final QueueSettingsCache settings;
    private final LineIndex index;
    private final LineRecord record;
    private final JoinBatcher batcher;
    private final Grants grants;
    private final LineMirror mirror;
    private final Clock clock;
    private final LineMeters meters;

    LineService(QueueSettingsCache settings, LineIndex index, LineRecord record, JoinBatcher batcher, Grants grants,
            LineMirror mirror, Clock clock, LineMeters meters) {
        this.settings = settings;
        this.index = index;
        this.record = record;
        this.batcher = batcher;
        this.grants = grants;
        this.mirror = mirror;
        this.clock = clock;
        this.meters = meters;
    }

    /** Joins the queue, or answers the consumer's current state if they are already in it (idempotent). */
    Mono<QueueStatus> enter(InternalContext context, String queueId) {
        return consumerOf(context)
                .flatMap(consumer -> settings.get(context, queueId)
                        .flatMap(queue -> currentOrJoin(context, queue, consumer)));
    }

    Mono<QueueStatus> status(InternalContext context, String queueId) {
        return consumerOf(context)
                .flatMap(consumer -> settings.get(context, queueId).flatMap(queue -> statusOf(queue, consumer)));
    }

    Mono<QueueStatus> leave(InternalContext context, String queueId) {
        return consumerOf(context)
                .flatMap(consumer -> settings.get(context, queueId)
                        .flatMap(queue -> record.leave(queue, consumer, now())
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in queue")))
                                .flatMap(entry -> mirrorFinal(queue, entry))));
    }

    /**
     * The consumer leaves every one of these queues they wait in or hold a grant of (leaving an experience);
     * queues they are not in are skipped.
     */
    public Mono<Void> leaveAll(InternalContext context, UUID consumer, List<String> queueIds) {
        return reactor.core.publisher.Flux.fromIterable(queueIds)
                .concatMap(queueId -> settings.get(context, queueId)
                        .flatMap(queue -> record.leave(queue, consumer, now()).flatMap(entry -> mirrorFinal(queue, entry))))
                .then();
    }

    /** Server-side: grants a waiting consumer now, within maxAdmissions. */
    Mono<QueueStatus> admit(InternalContext context, String queueId, String consumerId) {
        UUID consumer = consumerIdOrBadRequest(consumerId);
        return requireServer(context)
                .then(settings.get(context, queueId))
                .flatMap(queue -> record.grant(queue, List.of(consumer), now())
                        .doOnNext(result -> meters.admitted(queue.id(), result.granted().size()))
                        .flatMap(result -> result.granted().isEmpty()
                                ? Mono.error(new ApiException(HttpStatus.CONFLICT,
                                        result.stillQueued().isEmpty() ? "Consumer is not waiting in this queue" : "Queue reached maxAdmissions",
                                        result.stillQueued().isEmpty() ? "NOT_QUEUED" : "MAX_ADMISSIONS_REACHED"))
                                : mirror.publishGrants(queue, result.granted()).then(index.adjustAdmittedCount(queue.id(), 1))
                                        .then(statusOf(queue, consumer))));
    }

    /** Server-side: denies a waiting or admitted consumer with a reason. */
    Mono<QueueStatus> deny(InternalContext context, String queueId, String consumerId, String reason) {
        UUID consumer = consumerIdOrBadRequest(consumerId);
        return requireServer(context)
                .then(settings.get(context, queueId))
                .flatMap(queue -> record.deny(queue, consumer, reason, now())
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in queue")))
                        .flatMap(entry -> mirrorFinal(queue, entry)));
    }

    /** Server-side: marks the consumer's grant used, exactly once. */
    Mono<QueueStatus> complete(InternalContext context, String queueId, String consumerId, String grant) {
        UUID consumer = consumerIdOrBadRequest(consumerId);
        return requireServer(context)
                .then(settings.get(context, queueId))
                .flatMap(queue -> grants.idOfPresented(grant)
                        .flatMap(grantId -> record.complete(queue, consumer, grantId.orElse(null), now())
                                .flatMap(entry -> mirrorFinal(queue, entry))
                                .switchIfEmpty(Mono.defer(() -> whyNotCompleted(queue, consumer)))));
    }

    /** Server-side: whether a grant is genuine, unexpired, unused and belongs to this queue and consumer. */
    Mono<GrantValidation> validate(InternalContext context, String queueId, String consumerId, String grant) {
        return requireServer(context)
                .then(settings.get(context, queueId))
                .flatMap(queue -> grants.validate(queue.ref(), consumerId, grant,
                        grantId -> record.findByGrant(grantId).map(LineService::grantRecord)))
                .map(GrantValidation::of);
    }

    /** Live status for one consumer: the current state first, then every change (see LineSignals). */
    Mono<QueueSettings> streamTarget(InternalContext context, String queueId) {
        return settings.get(context, queueId);
    }

    Mono<UUID> consumerOf(InternalContext context) {
        if (context.surface() != ApiSurface.CONSUMER || context.principal() == null || !context.principal().isConsumer()) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Consumer authentication required", "CONSUMER_REQUIRED"));
        }
        return Mono.justOrEmpty(Ids.parse("cons", context.principal().id()))
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNAUTHORIZED, "Consumer authentication required", "CONSUMER_REQUIRED")));
    }

    /** The state of one consumer from the index; rebuilds a lost index, repairs a lost entry from the record. */
    public Mono<QueueStatus> statusOf(QueueSettings queue, UUID consumer) {
        return knownOrRebuilt(queue, consumer).flatMap(known -> answer(queue, consumer, known));
    }

    /**
     * A consumer the index does not know, or who left, joins through the batch; the batch's insert also finds
     * an entry the index lost, so a first join costs no extra PostgreSQL read.
     */
    private Mono<QueueStatus> currentOrJoin(InternalContext context, QueueSettings queue, UUID consumer) {
        return knownOrRebuilt(queue, consumer)
                .flatMap(known -> known instanceof IndexState.Unknown || known instanceof IndexState.Left
                        ? join(context, queue, consumer) : answer(queue, consumer, known));
    }

    private Mono<IndexState> knownOrRebuilt(QueueSettings queue, UUID consumer) {
        return index.status(queue.id(), consumer)
                .flatMap(known -> !(known instanceof IndexState.MissingIndex) ? Mono.just(known)
                        : mirror.rebuild(queue).then(index.status(queue.id(), consumer))
                                .flatMap(again -> again instanceof IndexState.MissingIndex
                                        ? Mono.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Queue is being restored", "QUEUE_RESTORING").retryAfter(1))
                                        : Mono.just(again)));
    }

    private Mono<QueueStatus> join(InternalContext context, QueueSettings queue, UUID consumer) {
        Instant now = clock.instant();
        if (context.principal().isGuest() && !queue.supportsGuest()) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "This queue requires a signed-in consumer", "GUEST_NOT_ALLOWED"));
        }
        if (queue.notYetOpenAt(now)) {
            return Mono.error(new ApiException(HttpStatus.LOCKED, "Queue is not open yet", "QUEUE_NOT_OPEN")
                    .retryAfter(Duration.between(now, queue.openAt()).toSeconds() + 1));
        }
        if (!queue.acceptsEntriesAt(now)) {
            return Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "Queue is closed", "QUEUE_CLOSED"));
        }
        return batcher.join(queue, consumer)
                .flatMap(outcome -> outcome.full()
                        ? Mono.error(new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Queue is full", "QUEUE_FULL").retryAfter(30))
                        // Waiting: the position the batch's mirror gave. Anything else (already granted, a missing
                        // index to rebuild) answers through the status path.
                        : outcome.placed() != null ? Mono.just(fromIndex(queue, outcome.placed()))
                        : statusOf(queue, consumer));
    }

    private Mono<QueueStatus> answer(QueueSettings queue, UUID consumer, IndexState known) {
        return known instanceof IndexState.Unknown ? repair(queue, consumer) : Mono.just(fromIndex(queue, known));
    }

    /** What the index says, as the API says it; an index that does not know the consumer means NOT_QUEUED. */
    private static QueueStatus fromIndex(QueueSettings queue, IndexState known) {
        String queueId = Ids.format("queue", queue.id());
        if (known instanceof IndexState.Queued queued) {
            return QueueStatus.queued(queueId, queued.position(), queue.admitRate());
        }
        if (known instanceof IndexState.Granted granted) {
            return QueueStatus.granted(queueId, granted.grant(), granted.expiresAt());
        }
        if (known instanceof IndexState.Admitting) {
            // A tick is admitting the consumer right now: still first in line.
            return new QueueStatus(queueId, "QUEUED", 1L, 0L, null, null, null, null, null);
        }
        if (known instanceof IndexState.Left) {
            return QueueStatus.left(queueId, null);
        }
        if (known instanceof IndexState.Completed) {
            return QueueStatus.completed(queueId, null);
        }
        if (known instanceof IndexState.Denied denied) {
            return QueueStatus.denied(queueId, denied.reason(), null);
        }
        return QueueStatus.notQueued(queueId);
    }

    /**
     * The index does not know this consumer: either they never joined, or the process that committed their
     * entry died before mirroring it. The record decides, and the index is repaired.
     */
    private Mono<QueueStatus> repair(QueueSettings queue, UUID consumer) {
        mirror.countIndexMiss();
        return record.find(queue.id(), consumer)
                .flatMap(entry -> mirror(queue, entry).then(index.status(queue.id(), consumer)))
                .map(known -> fromIndex(queue, known))
                .defaultIfEmpty(QueueStatus.notQueued(Ids.format("queue", queue.id())));
    }

    private Mono<Void> mirror(QueueSettings queue, Entry entry) {
        return switch (entry.status()) {
            case LineRecord.QUEUED -> index.addQueued(queue.id(), List.of(entry));
            case LineRecord.GRANTED -> mirror.resign(queue, entry).flatMap(token -> index.addGranted(queue.id(), List.of(new SignedGrant(entry, token))));
            default -> index.markFinal(queue.id(), List.of(entry));
        };
    }

    private Mono<QueueStatus> mirrorFinal(QueueSettings queue, Entry entry) {
        return index.markFinal(queue.id(), List.of(entry))
                .then(index.publishChange(queue.id()))
                .then(index.publishConsumerChanges(queue.id(), List.of(entry.consumerId())))
                .thenReturn(finalStatus(queue, entry));
    }

    private Mono<QueueStatus> whyNotCompleted(QueueSettings queue, UUID consumer) {
        return record.find(queue.id(), consumer)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in queue")))
                .flatMap(entry -> Mono.error(switch (entry.status()) {
                    case LineRecord.COMPLETED -> ApiException.conflict("Admission already completed", "ALREADY_COMPLETED");
                    case LineRecord.GRANTED -> entry.grantExpiredAt(now()) ? ApiException.conflict("Admission grant has expired", "GRANT_EXPIRED")
                            : ApiException.conflict("Grant does not match the consumer's admission", "GRANT_MISMATCH");
                    default -> ApiException.conflict("Consumer has no admission to complete", "NOT_GRANTED");
                }));
    }

    /** The record's side of a grant, for the core's checks: live while GRANTED, used once COMPLETED, else taken back. */
    private static GrantRecord grantRecord(Entry entry) {
        return switch (entry.status()) {
            case LineRecord.GRANTED -> new GrantRecord(GrantRecord.State.LIVE, entry.grantExpiresAt());
            case LineRecord.COMPLETED -> new GrantRecord(GrantRecord.State.COMPLETED, entry.grantExpiresAt());
            default -> new GrantRecord(GrantRecord.State.REVOKED, entry.grantExpiresAt());
        };
    }

    private static QueueStatus finalStatus(QueueSettings queue, Entry entry) {
        String queueId = Ids.format("queue", queue.id());
        return switch (entry.status()) {
            case LineRecord.LEFT -> QueueStatus.left(queueId, entry.dequeuedAt());
            case LineRecord.COMPLETED -> QueueStatus.completed(queueId, entry.completedAt());
            default -> QueueStatus.denied(queueId, entry.denyReason(), entry.dequeuedAt());
        };
    }

    private static Mono<Void> requireServer(InternalContext context) {
        return context.surface() == ApiSurface.ADMIN ? Mono.empty()
                : Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Secret key required", "SECRET_KEY_REQUIRED"));
    }

    private static UUID consumerIdOrBadRequest(String consumerId) {
        return Ids.parse("cons", consumerId).orElseThrow(() -> ApiException.validation("consumerId", "Must be a consumer id (cons_…)"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The answer of {@code validate}: the core's outcome, with the distribution's id named {@code queueId}. */
    record GrantValidation(boolean valid, String reason, String consumerId, String queueId, Instant expiresAt) {

        static GrantValidation of(Grants.Validation outcome) {
            return new GrantValidation(outcome.valid(), outcome.reason(), outcome.consumerId(), outcome.distributionId(),
                    outcome.expiresAt());
        }
    }
}
