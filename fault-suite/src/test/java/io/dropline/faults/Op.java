package io.dropline.faults;

import java.util.Map;

/**
 * One operation of the history: what was asked, when (milliseconds since the run started, at the client), and what
 * came back. {@code status} is -1 when no HTTP answer arrived (refused, reset, timed out: {@code error} says which).
 *
 * @param token    the consumer session the request carried (its session id), or null
 * @param consumer the consumer the request was about (public id), or null
 * @param fields   key response fields (status, position, id, name …)
 */
record Op(long id, int schedule, String actor, Kind kind, String method, String path, String token, String consumer,
        long startMs, long endMs, int status, String retryAfter, String error, Map<String, String> fields) {

    enum Kind {
        GUEST, JOIN, STATUS, LOGOUT, REVOKED_USE, ADMIN_CREATE, ADMIN_UPDATE, ADMIN_READ, SETUP
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    String field(String name) {
        return fields.get(name);
    }

    String describe() {
        return "#" + id + " " + actor + " " + kind + " " + method + " " + path + " @" + startMs + "-" + endMs + "ms → "
                + (status < 0 ? "no answer (" + error + ")" : status + (retryAfter != null ? " Retry-After " + retryAfter : ""))
                + (fields.isEmpty() ? "" : " " + fields);
    }
}
