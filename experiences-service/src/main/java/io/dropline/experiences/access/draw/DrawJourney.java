package io.dropline.experiences.access.draw;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.error.FieldError;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.ErrorMapping;
import io.dropline.experiences.access.distribution.Grants;
import io.dropline.experiences.access.distribution.Grants.GrantRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A draw as consumers live it (publishable key + consumer token: view, enter, status and its stream, leave, results)
 * and as the merchant's server acts on its consumers (secret key: deny, complete, validate). Every answer is read from
 * PostgreSQL (primary-key or index reads); every change is committed there before it is answered.
 */
@Service
public class DrawJourney {

    static final int DEFAULT_RESULTS_PAGE = 1_000;
    static final int MAX_RESULTS_PAGE = 10_000;

    private final DrawService draws;
    private final DrawRecord record;
    private final EntryBatcher batcher;
    private final Grants grants;
    private final RequestBodies bodies;
    private final DrawProperties properties;
    private final DatabaseClient db;

    DrawJourney(DrawService draws, DrawRecord record, EntryBatcher batcher, Grants grants, RequestBodies bodies,
            DrawProperties properties, DatabaseClient db) {
        this.draws = draws;
        this.record = record;
        this.batcher = batcher;
        this.grants = grants;
        this.bodies = bodies;
        this.properties = properties;
        this.db = db;
    }

    // ---- Consumer API -------------------------------------------------------------------------------------------

    Mono<PublicDrawView> view(InternalContext context, String drawId) {
        return draws.entity(context, drawId).map(draw -> PublicDrawView.from(draw, draws.now()));
    }

    /**
     * Enters the draw, or answers the consumer's current state if they have an entry already (idempotent: the batch
     * finds an existing entry as it inserts, so a first entry costs no read of its own). The draw's settings come from
     * a cache of at most {@link DrawService#SETTINGS_TTL}: the batch re-checks them under the draw's row lock.
     */
    Mono<DrawStatus> enter(InternalContext context, String drawId) {
        return consumerOf(context)
                .flatMap(consumer -> draws.cachedEntity(context, drawId)
                        .flatMap(draw -> join(context, draw, consumer)));
    }

    private Mono<DrawStatus> join(InternalContext context, DrawEntity draw, UUID consumer) {
        Instant now = draws.now();
        if (context.principal().isGuest() && !draw.supportsGuest()) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "This draw requires a signed-in consumer", "GUEST_NOT_ALLOWED"));
        }
        if (!draw.stopped() && draw.lifecycle().notYetOpenAt(now)) {
            return Mono.error(new ApiException(HttpStatus.LOCKED, "Draw is not open yet", "DRAW_NOT_OPEN")
                    .retryAfter(Duration.between(now, draw.openAt()).toSeconds() + 1));
        }
        if (draw.drawn() || !draw.lifecycle().acceptsEntriesAt(now)) {
            return existingOrClosed(draw, consumer);
        }
        return batcher.enter(draw.id(), consumer)
                .flatMap(outcome -> outcome.entry() != null ? answer(draw, outcome.entry())
                        : outcome.closed() ? existingOrClosed(draw, consumer)
                        : Mono.error(new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Draw is full", "DRAW_FULL").retryAfter(30)));
    }

    /** After the close a consumer with an entry still gets their state (the draw as it is now); anyone else the 400. */
    private Mono<DrawStatus> existingOrClosed(DrawEntity cached, UUID consumer) {
        return record.find(cached.id(), consumer)
                .filter(entry -> !entry.is(DrawEntry.LEFT))
                .flatMap(entry -> draws.entityAnyTenant(cached.id()).flatMap(draw -> answer(draw, entry)))
                .switchIfEmpty(Mono.error(DrawJourney::closed));
    }

    Mono<DrawStatus> status(InternalContext context, String drawId) {
        return consumerOf(context)
                .flatMap(consumer -> draws.entity(context, drawId).flatMap(draw -> statusOf(draw, consumer)));
    }

    /** Leaves before the draw; 400 "Draw is closed" after it; 404 when the consumer has no entry to leave. */
    Mono<DrawStatus> leave(InternalContext context, String drawId) {
        return consumerOf(context)
                .flatMap(consumer -> draws.entity(context, drawId)
                        .flatMap(draw -> draw.drawn() ? Mono.error(closed())
                                : record.leave(draw, consumer, draws.now())
                                        .switchIfEmpty(Mono.defer(() -> record.find(draw.id(), consumer)
                                                .flatMap(entry -> entry.is(DrawEntry.ENTERED) ? Mono.<DrawEntry>error(closed())
                                                        : Mono.<DrawEntry>error(ApiException.notFound("Consumer in draw")))
                                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in draw")))))
                                        .map(left -> DrawStatus.notEntered(DrawIds.format(draw.id()), left.leftAt()))));
    }

    /** The status now, then whenever it changes (re-read every streamInterval), until a final state. */
    Flux<ServerSentEvent<DrawStatus>> statusStream(InternalContext context, String drawId) {
        return consumerOf(context)
                .zipWith(draws.entity(context, drawId))
                .flatMapMany(target -> stream(target.getT2().id(), target.getT1(), target.getT2().continueSelectingUntilCompleted()));
    }

    /**
     * As the queue's stream: errors before the first status reach the client as the API's error (503 with Retry-After
     * for an outage); after it, an outage ends the stream with a {@code retry:} hint so an EventSource reconnects.
     */
    private Flux<ServerSentEvent<DrawStatus>> stream(UUID drawId, UUID consumer, boolean backfills) {
        return Flux.defer(() -> {
            AtomicBoolean answered = new AtomicBoolean();
            Flux<DrawStatus> updates = Flux.concat(Mono.just(0L), Flux.interval(properties.streamInterval()).onBackpressureDrop())
                    .concatMap(tick -> draws.entityAnyTenant(drawId).flatMap(draw -> statusOf(draw, consumer)))
                    .doOnNext(status -> answered.set(true))
                    .distinctUntilChanged(status -> status.status() + "|" + status.expiresAt() + "|" + status.entryId())
                    .takeUntil(status -> status.isFinal(backfills));
            Flux<ServerSentEvent<DrawStatus>> events = updates
                    .map(status -> ServerSentEvent.builder(status).event("status").build())
                    .onErrorResume(failure -> answered.get() && ErrorMapping.dependencyUnavailable(failure),
                            outage -> Mono.just(ServerSentEvent.<DrawStatus>builder().comment("unavailable").retry(Duration.ofSeconds(2)).build()))
                    .share();
            Flux<ServerSentEvent<DrawStatus>> heartbeats = Flux.interval(properties.heartbeat()).onBackpressureDrop()
                    .map(beat -> ServerSentEvent.<DrawStatus>builder().comment("keep-alive").build());
            return Flux.merge(events, heartbeats.takeUntilOther(events.then()));
        });
    }

    /** The published results once drawn (publishable or secret key); 423 with Retry-After before the draw. */
    Mono<DrawResults> results(InternalContext context, String drawId, MultiValueMap<String, String> params) {
        return Mono.fromSupplier(() -> ResultsPage.parse(params))
                .flatMap(page -> draws.entity(context, drawId).flatMap(draw -> resultsOf(draw, page)));
    }

    private Mono<DrawResults> resultsOf(DrawEntity draw, ResultsPage page) {
        if (!draw.drawn()) {
            long wait = Math.max(1, Duration.between(draws.now(), draw.drawAt()).toSeconds() + 1);
            return Mono.error(new ApiException(HttpStatus.LOCKED, "Results are published after the draw", "DRAW_NOT_DRAWN").retryAfter(wait));
        }
        Mono<List<DrawResults.Entry>> entries = db.sql("SELECT entry_id, draw_key, weight FROM draw_entries WHERE draw_id = :d "
                        + "AND NOT excluded AND draw_key > :after ORDER BY draw_key LIMIT :limit")
                .bind("d", draw.id())
                .bind("after", page.after() == null ? "" : page.after())
                .bind("limit", page.limit() + 1)
                .map(row -> new DrawResults.Entry(DrawIds.entry(row.get("entry_id", UUID.class)), row.get("draw_key", String.class),
                        draw.loyaltyBiasEnabled() ? row.get("weight", Integer.class) : null))
                .all()
                .collectList();
        Mono<List<Selected>> selected = page.after() != null ? Mono.just(List.of())
                : db.sql("SELECT entry_id, selection FROM draw_entries WHERE draw_id = :d AND selection IS NOT NULL ORDER BY selection")
                        .bind("d", draw.id())
                        .map(row -> new Selected(DrawIds.entry(row.get("entry_id", UUID.class)), row.get("selection", Integer.class)))
                        .all()
                        .collectList();
        return Mono.zip(entries, selected).map(both -> {
            List<DrawResults.Entry> rows = both.getT1();
            boolean more = rows.size() > page.limit();
            List<DrawResults.Entry> shown = more ? rows.subList(0, page.limit()) : rows;
            List<String> winners = page.after() != null ? null : both.getT2().stream()
                    .filter(s -> s.selection() <= draw.winnerCount()).map(Selected::entryId).toList();
            List<String> backfills = page.after() != null ? null : both.getT2().stream()
                    .filter(s -> s.selection() > draw.winnerCount()).map(Selected::entryId).toList();
            return new DrawResults(DrawIds.format(draw.id()),
                    draw.loyaltyBiasEnabled() ? DrawResults.RULE_WEIGHTED : DrawResults.RULE_PLAIN,
                    DrawKeys.hex(draw.seed()), draw.seedCommitment(), draw.drawnAt(), draw.entryCount(), draw.winnerCount(),
                    draw.loyaltyBiasEnabled(), draw.continueSelectingUntilCompleted(), winners, backfills, shown,
                    new DrawResults.PageInfo(more, shown.isEmpty() ? null : shown.get(shown.size() - 1).key(), page.limit()));
        });
    }

    private record Selected(String entryId, int selection) {
    }

    /** {@code after} (a key: 64 lowercase hex characters) and {@code limit} (1 to 10,000); nothing else. */
    record ResultsPage(String after, int limit) {

        static ResultsPage parse(MultiValueMap<String, String> params) {
            List<FieldError> errors = new ArrayList<>();
            for (Map.Entry<String, List<String>> param : params.entrySet()) {
                if (!param.getKey().equals("after") && !param.getKey().equals("limit")) {
                    errors.add(new FieldError(param.getKey(), "Unknown parameter"));
                } else if (param.getValue().size() > 1) {
                    errors.add(new FieldError(param.getKey(), "Must be given at most once"));
                }
            }
            String after = params.getFirst("after");
            if (after != null && !after.matches("[0-9a-f]{64}")) {
                errors.add(new FieldError("after", "Must be a key from the previous page (64 lowercase hex characters)"));
            }
            String rawLimit = params.getFirst("limit");
            int limit = DEFAULT_RESULTS_PAGE;
            if (rawLimit != null) {
                try {
                    limit = Integer.parseInt(rawLimit);
                } catch (NumberFormatException notANumber) {
                    limit = -1;
                }
                if (limit < 1 || limit > MAX_RESULTS_PAGE) {
                    errors.add(new FieldError("limit", "Must be an integer between 1 and " + MAX_RESULTS_PAGE));
                }
            }
            if (!errors.isEmpty()) {
                throw ApiException.validation(errors);
            }
            return new ResultsPage(after, limit);
        }
    }

    // ---- Server-side (secret key) --------------------------------------------------------------------------------

    Mono<DrawStatus> deny(InternalContext context, String drawId, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, DrawActions.Deny.class))
                .flatMap(action -> draws.entity(context, drawId)
                        .flatMap(draw -> record.deny(draw, consumerId(action.consumerId().value()), action.validReason(), draws.now())
                                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in draw")))
                                .flatMap(entry -> answer(draw, entry))));
    }

    /** Marks the consumer's grant used, exactly once. */
    Mono<DrawStatus> complete(InternalContext context, String drawId, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, DrawActions.Grant.class))
                .flatMap(action -> draws.entity(context, drawId)
                        .flatMap(draw -> grants.idOfPresented(action.grant())
                                .flatMap(grantId -> {
                                    UUID consumer = consumerId(action.consumerId().value());
                                    return record.complete(draw, consumer, grantId.orElse(null), draws.now())
                                            .flatMap(entry -> answer(draw, entry))
                                            .switchIfEmpty(Mono.defer(() -> whyNotCompleted(draw, consumer)));
                                })));
    }

    /** Whether a grant is genuine, unexpired, unused and belongs to this draw and consumer (the core's one path). */
    Mono<GrantValidation> validate(InternalContext context, String drawId, JsonNode body) {
        return Mono.fromSupplier(() -> bodies.read(body, DrawActions.Grant.class))
                .flatMap(action -> draws.entity(context, drawId)
                        .flatMap(draw -> grants.validate(draw.ref(), action.consumerId().value(), action.grant(),
                                grantId -> record.findByGrant(grantId).filter(entry -> entry.drawId().equals(draw.id()))
                                        .map(DrawJourney::grantRecord))))
                .map(GrantValidation::of);
    }

    /** The answer of {@code validate}: the core's outcome, with the distribution's id named {@code drawId}. */
    record GrantValidation(boolean valid, String reason, String consumerId, String drawId, Instant expiresAt) {

        static GrantValidation of(Grants.Validation outcome) {
            return new GrantValidation(outcome.valid(), outcome.reason(), outcome.consumerId(), outcome.distributionId(),
                    outcome.expiresAt());
        }
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    /** The state of one consumer, from the record. */
    public Mono<DrawStatus> statusOf(DrawEntity draw, UUID consumer) {
        return record.find(draw.id(), consumer)
                .flatMap(entry -> answer(draw, entry))
                .defaultIfEmpty(DrawStatus.notEntered(DrawIds.format(draw.id()), null));
    }

    /** An entry as the API shows it; a live win carries its grant, signed now (ES256 is randomized; any valid one works). */
    private Mono<DrawStatus> answer(DrawEntity draw, DrawEntry entry) {
        Instant now = draws.now();
        if (entry.is(DrawEntry.WON) && !entry.grantExpiredAt(now)) {
            return grants.sign(draw.ref(), entry.consumerId(), entry.grantId(), entry.grantedAt(), entry.grantExpiresAt())
                    .map(grant -> DrawStatus.of(draw, entry, grant, now));
        }
        return Mono.just(DrawStatus.of(draw, entry, null, now));
    }

    private Mono<DrawStatus> whyNotCompleted(DrawEntity draw, UUID consumer) {
        Instant now = draws.now();
        return record.find(draw.id(), consumer)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Consumer in draw")))
                .flatMap(entry -> Mono.error(switch (entry.status()) {
                    case DrawEntry.COMPLETED -> ApiException.conflict("Admission already completed", "ALREADY_COMPLETED");
                    case DrawEntry.WON -> entry.grantExpiredAt(now) ? ApiException.conflict("Admission grant has expired", "GRANT_EXPIRED")
                            : ApiException.conflict("Grant does not match the consumer's admission", "GRANT_MISMATCH");
                    default -> ApiException.conflict("Consumer has no admission to complete", "NOT_GRANTED");
                }));
    }

    /** The record's side of a grant, for the core's checks: live while WON, used once COMPLETED, else taken back. */
    private static GrantRecord grantRecord(DrawEntry entry) {
        return switch (entry.status()) {
            case DrawEntry.WON -> new GrantRecord(GrantRecord.State.LIVE, entry.grantExpiresAt());
            case DrawEntry.COMPLETED -> new GrantRecord(GrantRecord.State.COMPLETED, entry.grantExpiresAt());
            default -> new GrantRecord(GrantRecord.State.REVOKED, entry.grantExpiresAt());
        };
    }

    private static ApiException closed() {
        return new ApiException(HttpStatus.BAD_REQUEST, "Draw is closed", "DRAW_CLOSED");
    }

    private static UUID consumerId(String id) {
        return Ids.parse("cons", id.strip()).orElseThrow(() -> ApiException.validation("consumerId", "Must be a consumer id (cons_…)"));
    }

    static Mono<UUID> consumerOf(InternalContext context) {
        if (context.surface() != ApiSurface.CONSUMER || context.principal() == null || !context.principal().isConsumer()) {
            return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "Consumer authentication required", "CONSUMER_REQUIRED"));
        }
        return Mono.justOrEmpty(Ids.parse("cons", context.principal().id()))
                .switchIfEmpty(Mono.error(() -> new ApiException(HttpStatus.UNAUTHORIZED, "Consumer authentication required", "CONSUMER_REQUIRED")));
    }

    /** For peer features (participations): the status of a draw by its uuid, whatever the tenant (already resolved). */
    public Mono<DrawStatus> statusOf(UUID drawId, UUID consumer) {
        return draws.entityAnyTenant(drawId).flatMap(draw -> statusOf(draw, consumer));
    }
}
