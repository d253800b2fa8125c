package io.dropline.gateway.web;

import io.dropline.contracts.id.Ids;
import io.dropline.contracts.web.ApiErrorWebExceptionHandler;
import io.dropline.contracts.web.RequestIds;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * First thing on every request: settle the request id (a sane client id is kept, otherwise a new one) and echo it
 * on the response whatever happens later; remove every client-supplied {@code X-Dropline-*} header, so nothing
 * internal can be forged from outside; rewrite the unversioned alias {@code /api/x} to {@code /api/v1/x}; refuse a
 * request line or header block over the gateway's limits ({@link RequestLimits}: 414, 431) in the API's format;
 * and make sure no 503 leaves without {@code Retry-After}, whichever layer wrote it.
 */
@Component
public class EdgeWebFilter implements WebFilter, Ordered {

    private final ApiErrorWebExceptionHandler errors;
    private final ErrorResponses errorResponses;
    private final ManagementPort managementPort;

    public EdgeWebFilter(ApiErrorWebExceptionHandler errors, ErrorResponses errorResponses, ManagementPort managementPort) {
        this.errors = errors;
        this.errorResponses = errorResponses;
        this.managementPort = managementPort;
    }

    /** Exchange attribute: the (alias-resolved) path the client asked for, before any internal forward. */
    public static final String PUBLIC_PATH = EdgeWebFilter.class.getName() + ".publicPath";

    private static final String INTERNAL_HEADER_PREFIX = "x-dropline-";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (managementPort.serves(exchange)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        String incoming = request.getHeaders().getFirst(RequestIds.HEADER);
        // Ids.newUuid, not UUID.randomUUID: the latter draws from SecureRandom, which may read /dev/urandom on the
        // event loop; a request id needs uniqueness, not unpredictability.
        String requestId = RequestIds.isSane(incoming) ? incoming : Ids.newUuid().toString();
        String received = request.getPath().value();
        String path = versioned(received);
        exchange.getAttributes().put(PUBLIC_PATH, path);
        exchange.getAttributes().put(RequestIds.ATTRIBUTE, requestId);
        ServerWebExchange cleanedExchange = cleaned(exchange, path.equals(received) ? null : path);
        exchange.getResponse().beforeCommit(() -> {
            // set, not add: a downstream service echoes the id too, and the client must see exactly one.
            exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
            retryAfterOnEvery503(exchange.getResponse());
            return Mono.empty();
        });
        // Checked on the request as received (before the alias rewrite), and before authentication: an oversized
        // request costs neither a key look-up nor a rate-limit token.
        if (RequestLimits.requestLineTooLong(request)) {
            return errorResponses.write(cleanedExchange, HttpStatus.URI_TOO_LONG, RequestLimits.URI_TOO_LONG_MESSAGE,
                    RequestLimits.URI_TOO_LONG_CODE, null);
        }
        if (RequestLimits.headersTooLarge(request)) {
            return errorResponses.write(cleanedExchange, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    RequestLimits.HEADERS_TOO_LARGE_MESSAGE, RequestLimits.HEADERS_TOO_LARGE_CODE, null);
        }
        // Errors are rendered here, with the cleaned exchange (the alias resolved), because exception handlers
        // outside the filter chain only see the original request.
        return chain.filter(cleanedExchange).onErrorResume(error -> errors.handle(cleanedExchange, error));
    }

    /**
     * A 503 tells the client to come back later, so it always says when. The layers that answer 503 set their own
     * value (the breaker fallback 5 s, a dependency outage 2 s); this covers any that does not, the gateway's own
     * or a service's passed through.
     */
    private static void retryAfterOnEvery503(ServerHttpResponse response) {
        HttpStatusCode status = response.getStatusCode();
        if (status != null && status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()
                && !response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(ErrorResponses.DEPENDENCY_RETRY_AFTER_SECONDS));
        }
    }

    /**
     * The exchange without client-supplied internal headers, at the versioned path of an alias ({@code null}: none).
     * A mutated request copies every header and parses its URI again (issue 16: with the request id put on it, 2.8 %
     * of the gateway's CPU on the trivial request), so it is made only when something changes. The request id
     * travels as an attribute (RequestIds.of reads it first); ContextRelayGlobalFilter puts it on every routed request.
     */
    private static ServerWebExchange cleaned(ServerWebExchange exchange, String aliasPath) {
        ServerHttpRequest request = exchange.getRequest();
        if (aliasPath == null && !hasInternalHeader(request.getHeaders())) {
            return exchange;
        }
        ServerHttpRequest.Builder cleaned = request.mutate().headers(EdgeWebFilter::removeInternalHeaders);
        return exchange.mutate().request(aliasPath == null ? cleaned.build() : cleaned.path(aliasPath).build()).build();
    }

    private static boolean hasInternalHeader(HttpHeaders headers) {
        for (String name : headers.headerNames()) {
            if (isInternal(name)) {
                return true;
            }
        }
        return false;
    }

    private static void removeInternalHeaders(HttpHeaders headers) {
        List<String> internal = headers.headerNames().stream().filter(EdgeWebFilter::isInternal).toList();
        internal.forEach(headers::remove);
    }

    /** Whether a header is one of Dropline's internal ones ({@code X-Dropline-*}, any case): never taken from a client. */
    public static boolean isInternal(String headerName) {
        return headerName.regionMatches(true, 0, INTERNAL_HEADER_PREFIX, 0, INTERNAL_HEADER_PREFIX.length());
    }

    static String versioned(String path) {
        if (path.startsWith("/api/") && !path.startsWith("/api/v1/") && !path.equals("/api/v1")) {
            return "/api/v1/" + path.substring("/api/".length());
        }
        return path;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
