package io.dropline.gateway.auth;

import io.dropline.gateway.streamtoken.StreamTokens;
import io.dropline.gateway.web.ErrorResponses;
import io.dropline.gateway.web.ManagementPort;
import io.dropline.gateway.web.SdkCorsWebFilter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the Consumer API ({@code /api/**}). Browsers may call the Consumer API from the origins the organization
 * allows (one list per environment, {@link io.dropline.gateway.origins.AllowedOrigins}); the Admin API never answers
 * CORS, because a secret key must never sit in a browser.
 * <ul>
 *   <li><b>Preflight</b> ({@code OPTIONS} + {@code Origin} + {@code Access-Control-Request-Method}): it carries no
 *   key, so the tenant and its list are unknown. It is answered (204) for the Consumer API's shape only: a
 *   Consumer-API method and path whose requested headers include {@code X-Publishable-Key} (every Consumer-API call
 *   sends it), or a GET of a status stream (EventSource). Anything else — an Admin-API path, or a request announcing
 *   {@code Authorization} without {@code X-Publishable-Key}, i.e. a secret key — gets 403 in the API's error format
 *   and no {@code Access-Control-*} header, so the browser never sends it.</li>
 *   <li><b>Real request</b>: the key names the tenant, so that is where the origin is enforced
 *   ({@link AuthenticationWebFilter}: an origin off the list → 403; a secret key with any {@code Origin} → 403). An
 *   accepted origin is recorded under {@link #ALLOWED_ORIGIN}, and only then does the answer (errors included, so a
 *   page can read a 401 and refresh its token) carry {@code Access-Control-Allow-Origin: <that origin>} and the
 *   exposed headers.</li>
 * </ul>
 * Never {@code *}, never {@code Access-Control-Allow-Credentials} (the API uses no cookies), and every {@code /api}
 * answer says {@code Vary: Origin}, whether or not it had one, so no cache serves one origin's answer to another.
 */
@Component
public class BrowserCorsWebFilter implements WebFilter, Ordered {

    /** Exchange attribute: the request's {@code Origin}, once authentication found it allowed for the tenant. */
    public static final String ALLOWED_ORIGIN = BrowserCorsWebFilter.class.getName() + ".allowedOrigin";

    static final String ALLOWED_HEADERS =
            "Content-Type, Authorization, X-Publishable-Key, X-Request-Id, X-Fingerprint, Last-Event-ID, Idempotency-Key";
    static final String EXPOSED_HEADERS = "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, "
            + "Retry-After, X-Fingerprint-Error, X-Fingerprint-Mismatch, Idempotency-Replayed";
    private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    /** What an EventSource may announce: nothing that could carry a key. */
    private static final Set<String> STREAM_HEADERS = Set.of("last-event-id", "accept", "cache-control");

    private final ManagementPort managementPort;
    private final ErrorResponses errorResponses;

    public BrowserCorsWebFilter(ManagementPort managementPort, ErrorResponses errorResponses) {
        this.managementPort = managementPort;
        this.errorResponses = errorResponses;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (managementPort.serves(exchange) || !path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            HttpHeaders headers = response.getHeaders();
            // Merged, not replaced: a service's own Vary (e.g. Accept-Encoding) still matters to caches.
            headers.setVary(SdkCorsWebFilter.withOrigin(headers.getVary()));
            String allowed = exchange.getAttribute(ALLOWED_ORIGIN);
            if (allowed != null) {
                // set, not add: whatever a service said, the browser must see exactly one value.
                headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
                headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
            } else {
                headers.remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
                headers.remove(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
            }
            return Mono.empty();
        });
        String origin = request.getHeaders().getOrigin();
        String requestedMethod = request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (!HttpMethod.OPTIONS.equals(request.getMethod()) || origin == null || requestedMethod == null) {
            return chain.filter(exchange);
        }
        if (!consumerShaped(path, requestedMethod, request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS))) {
            return errorResponses.write(exchange, HttpStatus.FORBIDDEN,
                    "Cross-origin calls are for the Consumer API with a publishable key; the Admin API (secret key) "
                            + "must never be called from a browser", "FORBIDDEN", null);
        }
        HttpHeaders headers = response.getHeaders();
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, requestedMethod.trim().toUpperCase(Locale.ROOT));
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        headers.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
        headers.set(HttpHeaders.VARY, PREFLIGHT_VARY);
        // Preflight answers are not the tenant's decision: the real request is checked against its list.
        exchange.getAttributes().put(ALLOWED_ORIGIN, origin);
        response.setStatusCode(HttpStatus.NO_CONTENT);
        return response.setComplete();
    }

    /**
     * Whether a preflight announces a Consumer-API call: a Consumer-API method and path with
     * {@code X-Publishable-Key} among the requested headers, or a plain GET of a status stream (EventSource with a
     * stream token, which announces no credential header at all).
     */
    static boolean consumerShaped(String path, String requestedMethod, String requestedHeaders) {
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(requestedMethod.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return false;
        }
        Set<String> headers = requestedHeaders == null ? Set.of() : Arrays.stream(requestedHeaders.split(","))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
        if (HttpMethod.GET.equals(method) && StreamTokens.isStreamPath(path) && STREAM_HEADERS.containsAll(headers)) {
            return true;
        }
        return headers.contains("x-publishable-key") && ConsumerPaths.isConsumerPath(method, path);
    }

    @Override
    public int getOrder() {
        // After EdgeWebFilter (request id, path alias) and before authentication: preflights carry no credential.
        return Ordered.HIGHEST_PRECEDENCE + 6;
    }
}
