package io.dropline.experiences.access.line;

import java.util.UUID;

/**
 * Redis keys of the queue engine. Every key of one queue carries the queue id as its hash tag
 * ({@code dl:{queueId}:line}), so one Lua script may touch them together, also on Redis Cluster.
 */
record LineKeys(String namespace) {

    String meta(UUID queue) {
        return key(queue, "meta");
    }

    /** Sorted set: consumer → arrival number. */
    String line(UUID queue) {
        return key(queue, "line");
    }

    /** Hash: consumer → Q (queued), A (being admitted), G (granted), L, C, D[:reason]. */
    String state(UUID queue) {
        return key(queue, "state");
    }

    /** Hash: consumer → "grant|expiresAtMillis". */
    String grants(UUID queue) {
        return key(queue, "grants");
    }

    /** Sorted set: consumer → when a tick moved it out of the line, until its grant is committed. */
    String granting(UUID queue) {
        return key(queue, "granting");
    }

    /** Sorted set: consumer → grant expiry in epoch milliseconds. */
    String expiry(UUID queue) {
        return key(queue, "expiry");
    }

    String rebuildLock(UUID queue) {
        return key(queue, "rebuild");
    }

    /** Set of queues with engine state, ticked by every instance. */
    String activeQueues() {
        return namespace + ":line:active";
    }

    /** Pub/sub channel: a queue id whenever positions or states in it changed. */
    String changes() {
        return namespace + ":line:changes";
    }

    /**
     * Pub/sub channel: "queue consumer consumer ..." whenever those consumers' states changed (granted, expired, left,
     * denied, completed): their open status streams read at once, the others wait for the next position sweep.
     */
    String consumerChanges() {
        return namespace + ":line:consumer-changes";
    }

    /** Pub/sub channel: a queue id whenever an admin changed its settings, so every instance drops its cached copy. */
    String settingsChanges() {
        return namespace + ":line:settings";
    }

    private String key(UUID queue, String part) {
        return namespace + ":{" + queue + "}:" + part;
    }
}
