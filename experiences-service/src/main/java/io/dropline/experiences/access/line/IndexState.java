package io.dropline.experiences.access.line;

import java.time.Instant;
import java.util.List;

/**
 * What the Redis index says about one consumer in one queue: status.lua's reply and the state codes of the
 * {@code state} hash ({@code Q}, {@code G}, {@code A}, {@code L}, {@code C}, {@code D:reason}), decoded here and
 * nowhere else.
 */
sealed interface IndexState {

    /** The queue's index is missing (Redis lost it): rebuild before answering. */
    record MissingIndex() implements IndexState {
    }

    /** The index does not know the consumer: never joined, or an entry the index lost (the record decides). */
    record Unknown() implements IndexState {
    }

    record Queued(long position) implements IndexState {
    }

    /** A live grant: the signed token and its expiry (null when the grant does not expire). */
    record Granted(String grant, Instant expiresAt) implements IndexState {
    }

    /** A tick is admitting the consumer right now ({@code A}): still first in line. */
    record Admitting() implements IndexState {
    }

    record Left() implements IndexState {
    }

    record Completed() implements IndexState {
    }

    record Denied(String reason) implements IndexState {
    }

    /** status.lua: {-1} index missing, {0} unknown, {1, position}, {2, "grant|expiresAtMillis"}, {3, state letter}. */
    static IndexState decode(List<Object> reply) {
        int kind = ((Long) reply.get(0)).intValue();
        Object detail = reply.size() > 1 ? reply.get(1) : null;
        return switch (kind) {
            case -1 -> new MissingIndex();
            case 1 -> new Queued((Long) detail);
            case 2 -> granted((String) detail);
            case 3 -> finalState((String) detail);
            default -> new Unknown();
        };
    }

    private static IndexState granted(String stored) {
        int bar = stored.lastIndexOf('|');
        long expiresAt = bar < 0 ? 0 : Long.parseLong(stored.substring(bar + 1));
        return new Granted(bar < 0 ? stored : stored.substring(0, bar), expiresAt == 0 ? null : Instant.ofEpochMilli(expiresAt));
    }

    private static IndexState finalState(String state) {
        return switch (state.charAt(0)) {
            case 'L' -> new Left();
            case 'C' -> new Completed();
            case 'D' -> new Denied(state.length() > 2 ? state.substring(2) : null);
            default -> new Admitting();
        };
    }
}
