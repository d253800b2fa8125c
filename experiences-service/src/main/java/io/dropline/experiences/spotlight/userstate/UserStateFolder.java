package io.dropline.experiences.spotlight.userstate;

import io.dropline.contracts.event.EventEnvelope;
import io.dropline.contracts.id.Ids;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Folds {@code spotlight.sdk_event} envelopes (published by analytics-service after deduplication) into end-user
 * state: {@code dismissed} records the dismissal, its session and a snooze end (the event's
 * {@code properties.snooze_until}, else 24 h), {@code tour_completed} the completion, {@code impression} counts and
 * keeps the latest impression's time. Which of these hide an item is decided at read time by the item's own
 * {@code dismiss_behavior} and {@code frequency}, so a changed behaviour or cap applies to past events too. Other event types change nothing. An event that cannot be read is
 * logged and acknowledged: redelivering it would never succeed.
 */
@Component
public class UserStateFolder {

    private static final Logger log = LoggerFactory.getLogger(UserStateFolder.class);
    static final Duration DEFAULT_SNOOZE = Duration.ofHours(24);

    private final UserStateStore store;

    UserStateFolder(UserStateStore store) {
        this.store = store;
    }

    public Mono<Void> fold(EventEnvelope event) {
        Map<String, Object> data = event.data() == null ? Map.of() : event.data();
        String type = text(data.get("type"));
        String itemId = text(data.get("item_id"));
        String userKey = Optional.ofNullable(text(data.get("user_key"))).orElse(event.actor());
        Optional<UUID> organization = Ids.parse("org", event.organizationId());
        if (type == null || itemId == null || userKey == null || organization.isEmpty() || event.environment() == null) {
            log.warn("Ignoring SDK event {}: missing type, item, user key or tenant", event.id());
            return Mono.empty();
        }
        Instant occurredAt = occurredAt(data, event);
        List<String> writes = writes(type, itemId, data, occurredAt);
        if (writes.isEmpty()) {
            return Mono.empty();
        }
        return store.apply(organization.get(), event.environment(), userKey, event.id(), writes).then();
    }

    private static List<String> writes(String type, String itemId, Map<String, Object> data, Instant occurredAt) {
        List<String> writes = new ArrayList<>();
        String at = Long.toString(occurredAt.toEpochMilli());
        switch (type) {
            case "dismissed" -> {
                add(writes, "max", "d:" + itemId, at);
                String session = text(data.get("session_id"));
                if (session != null) {
                    add(writes, "set", "s:" + itemId, session);
                }
                add(writes, "max", "z:" + itemId, Long.toString(snoozeUntil(data, occurredAt).toEpochMilli()));
            }
            case "tour_completed" -> add(writes, "max", "c:" + itemId, at);
            case "impression" -> {
                add(writes, "incr", "i:" + itemId, "1");
                // max, not set: impressions may arrive out of order, and min_interval_seconds counts from the latest.
                add(writes, "max", "l:" + itemId, at);
            }
            default -> {
                // step views, CTA clicks, selector health and custom events do not change eligibility.
            }
        }
        return writes;
    }

    private static Instant snoozeUntil(Map<String, Object> data, Instant occurredAt) {
        if (data.get("properties") instanceof Map<?, ?> properties && properties.get("snooze_until") instanceof String until) {
            try {
                return Instant.parse(until);
            } catch (DateTimeException unreadable) {
                // fall back to the default snooze
            }
        }
        return occurredAt.plus(DEFAULT_SNOOZE);
    }

    private static Instant occurredAt(Map<String, Object> data, EventEnvelope event) {
        if (data.get("occurred_at") instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeException unreadable) {
                // fall back to the envelope's time
            }
        }
        return event.occurredAt() != null ? event.occurredAt() : Instant.EPOCH;
    }

    private static void add(List<String> writes, String op, String field, String value) {
        writes.add(op);
        writes.add(field);
        writes.add(value);
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }
}
