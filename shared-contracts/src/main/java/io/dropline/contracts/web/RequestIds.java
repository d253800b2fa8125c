package io.dropline.contracts.web;

import io.dropline.contracts.id.PlainTokens;
import org.springframework.web.server.ServerWebExchange;

/** The request id every response and log line carries: {@code X-Request-Id}. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    /** A client's id is kept only if it is short and plain, so it can go into logs and headers as it is. */
    private static final int MAX_LENGTH = 100;

    private RequestIds() {
    }

    public static boolean isSane(String requestId) {
        return PlainTokens.is(requestId, 1, MAX_LENGTH);
    }

    /** Exchange attribute: the request id the gateway settled for this request (EdgeWebFilter). */
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

    /**
     * The request id: the one the gateway settled for the request it is handling, else the one a service received
     * from the gateway (or null when called without one).
     */
    public static String of(ServerWebExchange exchange) {
        String settled = exchange.getAttribute(ATTRIBUTE);
        if (settled != null) {
            return settled;
        }
        String header = exchange.getRequest().getHeaders().getFirst(HEADER);
        return isSane(header) ? header : null;
    }
}
