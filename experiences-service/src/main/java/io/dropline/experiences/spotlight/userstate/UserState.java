package io.dropline.experiences.spotlight.userstate;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What Spotlight remembers about one end user in one tenant, as folded from SDK events. Fields of the Redis hash:
 * {@code c:<item>} completed (epoch ms), {@code d:<item>} dismissed (epoch ms), {@code s:<item>} the session of the
 * last dismissal, {@code z:<item>} snoozed until (epoch ms), {@code i:<item>} impressions, {@code l:<item>} the last
 * impression (epoch ms).
 */
public record UserState(Map<String, String> fields) {

    public static final UserState EMPTY = new UserState(Map.of());

    public boolean completed(String itemId) {
        return fields.containsKey("c:" + itemId);
    }

    public boolean dismissed(String itemId) {
        return fields.containsKey("d:" + itemId);
    }

    public boolean dismissedInSession(String itemId, String sessionId) {
        return sessionId != null && sessionId.equals(fields.get("s:" + itemId));
    }

    public boolean snoozed(String itemId, Instant now) {
        String until = fields.get("z:" + itemId);
        try {
            return until != null && Long.parseLong(until) > now.toEpochMilli();
        } catch (NumberFormatException corrupt) {
            return false;
        }
    }

    public long impressions(String itemId) {
        try {
            return Long.parseLong(fields.getOrDefault("i:" + itemId, "0"));
        } catch (NumberFormatException corrupt) {
            return 0;
        }
    }

    /** When the item was last shown (epoch ms), empty when never (or when the field is unreadable). */
    public OptionalLong lastImpression(String itemId) {
        String at = fields.get("l:" + itemId);
        try {
            return at == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(at));
        } catch (NumberFormatException corrupt) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether the item's {@code frequency} caps hide it for this user now: {@code max_impressions} reached, or the last
     * impression less than {@code min_interval_seconds} ago. Like {@link #hides}, a corrupt field fails open: a
     * cap that cannot be read must not hide an item for good.
     */
    public boolean capped(String itemId, FrequencyCap cap, Instant now) {
        if (cap.maxImpressions() != null && impressions(itemId) >= cap.maxImpressions()) {
            return true;
        }
        if (cap.minIntervalSeconds() == null || cap.minIntervalSeconds() <= 0) {
            return false;
        }
        OptionalLong last = lastImpression(itemId);
        return last.isPresent() && now.toEpochMilli() - last.getAsLong() < cap.minIntervalSeconds() * 1000L;
    }

    /**
     * Whether the item stays hidden for this user under its {@code dismiss_behavior}: completion (tours) hides for
     * good; {@code once} hides after any dismissal, {@code session} for the dismissing session, {@code snooze} until
     * the snooze ends, {@code none} never.
     */
    public boolean hides(String itemId, String dismissBehavior, String sessionId, Instant now) {
        if (completed(itemId)) {
            return true;
        }
        return switch (dismissBehavior) {
            case "once" -> dismissed(itemId);
            case "session" -> dismissedInSession(itemId, sessionId);
            case "snooze" -> snoozed(itemId, now);
            default -> false;
        };
    }
}
