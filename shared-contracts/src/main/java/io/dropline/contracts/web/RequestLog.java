package io.dropline.contracts.web;

import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.id.Ids;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts the request a log line belongs to into the MDC ({@value #REQUEST_ID}, {@value #ORGANIZATION}) for the
 * duration of that one logging statement: {@code RequestLog.with(exchange, () -> log.warn(...))}. The plain-text
 * pattern and the JSON logs print both keys, next to {@code traceId} and {@code spanId} when tracing is on.
 *
 * <p>Why not Reactor's automatic context propagation into the MDC: it restores thread locals on every operator of
 * every request for the sake of the few lines ever logged (issue 16 measured 12 % of the gateway's CPU there). Here
 * the cost is paid where a line is written, and only then. What it does not cover: lines that libraries write
 * during a request carry no request id (the trace id, when tracing is on, see
 * {@link io.dropline.contracts.telemetry.TracingAutoConfiguration}).
 */
public final class RequestLog {

    /** MDC key of the request id ({@code X-Request-Id}). */
    public static final String REQUEST_ID = "requestId";

    /** MDC key of the organization, as its public id ({@code org_…}). */
    public static final String ORGANIZATION = "organization";

    /**
     * Exchange attribute: the organization (uuid) a request was authenticated for. The gateway sets it once it knows
     * the caller; in a service the verified {@link InternalContext} says it.
     */
    public static final String ORGANIZATION_ATTRIBUTE = RequestLog.class.getName() + ".organization";

    private RequestLog() {
    }

    /** Records the organization the request belongs to, for its later log lines. */
    public static void organization(ServerWebExchange exchange, UUID organizationId) {
        if (organizationId != null) {
            exchange.getAttributes().put(ORGANIZATION_ATTRIBUTE, organizationId);
        }
    }

    /** Runs {@code statement} (a logging call) with the exchange's request id and organization in the MDC. */
    public static void with(ServerWebExchange exchange, Runnable statement) {
        with(RequestIds.of(exchange), organizationOf(exchange), statement);
    }

    /** Runs {@code statement} (a logging call) with the request id and organization of a service's caller. */
    public static void with(InternalContext caller, Runnable statement) {
        if (caller == null) {
            statement.run();
            return;
        }
        with(caller.requestId(), caller.organizationId(), statement);
    }

    /** Runs {@code statement} with these fields in the MDC (a null field is left out), then restores the MDC. */
    public static void with(String requestId, UUID organizationId, Runnable statement) {
        String previousRequest = MDC.get(REQUEST_ID);
        String previousOrganization = MDC.get(ORGANIZATION);
        put(REQUEST_ID, requestId);
        put(ORGANIZATION, organizationId == null ? null : Ids.format("org", organizationId));
        try {
            statement.run();
        } finally {
            restore(REQUEST_ID, previousRequest);
            restore(ORGANIZATION, previousOrganization);
        }
    }

    static UUID organizationOf(ServerWebExchange exchange) {
        Object tagged = exchange.getAttribute(ORGANIZATION_ATTRIBUTE);
        if (tagged instanceof UUID organization) {
            return organization;
        }
        Object context = exchange.getAttribute(InternalContext.ATTRIBUTE);
        return context instanceof InternalContext verified ? verified.organizationId() : null;
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
