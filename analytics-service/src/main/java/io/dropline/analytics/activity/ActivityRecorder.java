package io.dropline.analytics.activity;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.event.EventTypes;
import io.dropline.contracts.id.Ids;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns each {@link EventTypes#ADMIN_ACTIVITY} event into one activity entry. The bus delivers at least once, so the
 * entry is keyed by the event's uuid and a redelivery (or a concurrent second delivery) stores nothing.
 */
@Component
class ActivityRecorder {

    private static final Logger log = LoggerFactory.getLogger(ActivityRecorder.class);
    private static final Set<String> ENVIRONMENTS = Set.of("live", "test");

    private final ActivityRepository repository;

    ActivityRecorder(ActivityRepository repository) {
        this.repository = repository;
    }

    Mono<Void> record(EventEnvelope event) {
        return Mono.fromSupplier(() -> entryOf(event))
                .flatMap(entry -> entry.map(repository::insertOnce).orElseGet(() -> Mono.just(false)))
                .doOnNext(stored -> logOutcome(event, stored))
                .then();
    }

    /**
     * The entry an event describes, or empty for one that can never become an entry (a malformed envelope): failing
     * would only make the bus redeliver it until it gives up, so it is logged and acknowledged instead.
     */
    static Optional<ActivityRecord> entryOf(EventEnvelope event) {
        Optional<UUID> id = Ids.parse("evt", event.id());
        Optional<UUID> org = Ids.parse("org", event.organizationId());
        Map<String, Object> data = event.data() == null ? Map.of() : event.data();
        String action = text(data.get("action"));
        String entityType = text(data.get("entity_type"));
        String entityId = text(data.get("entity_id"));
        if (!EventTypes.ADMIN_ACTIVITY.equals(event.type()) || id.isEmpty() || org.isEmpty()
                || !ENVIRONMENTS.contains(event.environment()) || event.occurredAt() == null
                || action == null || entityType == null || entityId == null) {
            log.warn("Admin activity event {} is malformed and was skipped", event.id());
            return Optional.empty();
        }
        return Optional.of(new ActivityRecord(id.get(), org.get(), event.environment(), event.occurredAt(), event.actor(),
                text(data.get("actor_type")), text(data.get("actor_key_id")), action, entityType, entityId,
                json(data.get("before")), json(data.get("after")), event.requestId()));
    }

    private static String text(Object value) {
        return value instanceof String string && !string.isEmpty() ? string : null;
    }

    /** A snapshot as JSON text; a JSON null (or an absent snapshot) is stored as SQL NULL. */
    private static String json(Object snapshot) {
        if (snapshot == null || snapshot instanceof JsonNode node && node.isNull()) {
            return null;
        }
        return JsonMapper.shared().writeValueAsString(snapshot);
    }

    private static void logOutcome(EventEnvelope event, boolean stored) {
        if (stored) {
            log.debug("Recorded admin activity {} ({} on {} {})", event.id(), event.data().get("action"),
                    event.data().get("entity_type"), event.data().get("entity_id"));
        } else {
            log.debug("Admin activity {} was already recorded or skipped", event.id());
        }
    }
}
