package io.dropline.analytics.sdkevent;

import io.dropline.analytics.sdkevent.SdkEventRepository.NewEvent;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.event.bus.Outbox;
import io.dropline.contracts.id.Ids;
import io.dropline.contracts.page.SpotlightEnvelopes;
import io.dropline.contracts.page.SpotlightEnvelopes.Data;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/sdk/events}: judges each event, stores the new ones once per (tenant, event_id), and publishes one
 * {@code spotlight.sdk_event} per stored event through the outbox, in the same transaction as the inserts.
 */
@Service
class SdkEventService {

    static final int MAX_EVENTS = 100;
    static final int MAX_USER_KEY_LENGTH = 128;
    static final int MAX_SESSION_ID_LENGTH = 128;

    private final SdkEventRepository repository;
    private final Outbox outbox;
    private final TransactionalOperator transaction;
    private final Clock clock;

    SdkEventService(SdkEventRepository repository, Outbox outbox, TransactionalOperator transaction, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
    }

    Mono<Data<SdkEventsResponse>> accept(InternalContext context, SdkEventBatchRequest request) {
        return Mono.fromSupplier(() -> judged(request, clock.instant()))
                .flatMap(batch -> store(context, batch))
                .map(SpotlightEnvelopes::data);
    }

    /** A batch after judging: who sent it, the events to store (first of each event_id) and the accounting so far. */
    record Batch(String userKey, String sessionId, Instant receivedAt, List<NewEvent> candidates, int repeatedInBatch,
            List<RejectedEvent> rejected) {
    }

    static Batch judged(SdkEventBatchRequest request, Instant now) {
        String userKey = userKey(request);
        String sessionId = sessionId(request.sessionId());
        List<JsonNode> events = request.events();
        if (events == null) {
            throw ApiException.validation("events", "Required");
        }
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw ApiException.validation("events", "Must hold 1 to " + MAX_EVENTS + " events");
        }
        List<NewEvent> candidates = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int repeated = 0;
        for (int i = 0; i < events.size(); i++) {
            SdkEventParser.Outcome outcome = SdkEventParser.parse(i, events.get(i), now);
            if (outcome.rejection() != null) {
                rejected.add(outcome.rejection());
            } else if (!seen.add(outcome.event().eventId())) {
                repeated++;
            } else {
                candidates.add(new NewEvent(Ids.newUuid(), outcome.event()));
            }
        }
        return new Batch(userKey, sessionId, now, List.copyOf(candidates), repeated, List.copyOf(rejected));
    }

    private Mono<SdkEventsResponse> store(InternalContext context, Batch batch) {
        if (batch.candidates().isEmpty()) {
            return Mono.just(new SdkEventsResponse(0, batch.repeatedInBatch(), batch.rejected()));
        }
        return repository.insertNew(context, batch.userKey(), batch.sessionId(), batch.candidates(), batch.receivedAt())
                .collect(HashSet<UUID>::new, Set::add)
                .flatMap(inserted -> publish(context, batch, inserted).thenReturn(responseOf(batch, inserted.size())))
                .as(transaction::transactional);
    }

    private Mono<Void> publish(InternalContext context, Batch batch, Set<UUID> inserted) {
        return outbox.append(batch.candidates().stream()
                .filter(candidate -> inserted.contains(candidate.id()))
                .map(candidate -> envelope(context, batch, candidate))
                .toList());
    }

    private static SdkEventsResponse responseOf(Batch batch, int inserted) {
        int known = batch.candidates().size() - inserted;
        return new SdkEventsResponse(inserted, batch.repeatedInBatch() + known, batch.rejected());
    }

    /** The {@code spotlight.sdk_event} of one stored event; its id is {@code evt_} + the uuid the row was stored under. */
    static EventEnvelope envelope(InternalContext context, Batch batch, NewEvent stored) {
        SdkEvent event = stored.event();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event_id", event.eventId());
        data.put("type", event.type());
        data.put("item_type", event.itemType());
        data.put("item_id", event.itemId());
        data.put("version", event.version());
        data.put("step_id", event.stepId());
        data.put("session_id", batch.sessionId());
        data.put("user_key", batch.userKey());
        data.put("occurred_at", event.occurredAt().toString());
        data.put("properties", JsonMapper.shared().treeToValue(event.properties(), Map.class));
        return new EventEnvelope(Ids.format("evt", stored.id()), EventTypes.SDK_EVENT, Ids.format("org", context.organizationId()),
                context.environment().wire(), event.itemType(), event.itemId(), event.occurredAt(), context.requestId(),
                batch.userKey(), data);
    }

    /** {@code user.id}, else {@code "anon:" + anonymous_id}: the same key /v1/sdk/eligible uses for this person. */
    private static String userKey(SdkEventBatchRequest request) {
        if (request.user() != null) {
            String id = text("user.id", request.user().id());
            if (id == null || id.isBlank()) {
                throw ApiException.validation("user.id", "Required");
            }
            JsonNode traits = request.user().traits();
            if (traits != null && !traits.isNull() && !traits.isObject()) {
                throw ApiException.validation("user.traits", "Must be an object");
            }
            return checkedKey("user.id", id);
        }
        String anonymousId = text("anonymous_id", request.anonymousId());
        if (anonymousId != null) {
            if (anonymousId.isBlank()) {
                throw ApiException.validation("anonymous_id", "Must not be blank");
            }
            return checkedKey("anonymous_id", "anon:" + anonymousId);
        }
        throw ApiException.validation("user", "Required: user.id or anonymous_id");
    }

    private static String checkedKey(String field, String key) {
        if (key.length() > MAX_USER_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.validation(field, "The user key is at most " + MAX_USER_KEY_LENGTH
                    + " characters without control characters");
        }
        return key;
    }

    /** A string field, or null when absent or JSON null; any other JSON type is a validation error. */
    private static String text(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiException.validation(field, "Must be a string");
        }
        return node.stringValue();
    }

    private static String sessionId(JsonNode node) {
        String sessionId = text("session_id", node);
        if (sessionId == null) {
            return null;
        }
        if (sessionId.isEmpty() || sessionId.length() > MAX_SESSION_ID_LENGTH || sessionId.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.validation("session_id", "Must be 1 to " + MAX_SESSION_ID_LENGTH + " characters without control characters");
        }
        return sessionId;
    }
}
