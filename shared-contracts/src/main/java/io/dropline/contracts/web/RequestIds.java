package io.dropline.contracts.web;

import java.util.regex.Pattern;
import org.springframework.web.server.ServerWebExchange;

/** The request id every response and log line carries: {@code X-Request-Id}. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    /** A client's id is kept only if it is short and plain, so it can go into logs and headers as it is. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9_.:\\-]{1,100}");

    private RequestIds() {
    }

    public static boolean isSane(String requestId) {
        return requestId != null && SANE.matcher(requestId).matches();
    }

    /** The request id a service received from the gateway (or null when called without one). */
    public static String of(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HEADER);
        return isSane(header) ? header : null;
    }
}
