package io.dropline.gateway.web;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Paths the edge treats specially, shared by the authentication and rate-limit filters. */
public final class GatewayPaths {

    private GatewayPaths() {
    }

    /** Open to everyone and never rate limited. */
    public static boolean isExempt(ServerHttpRequest request) {
        String path = request.getPath().value();
        return path.equals("/health") || path.equals("/openapi.json") || isPreflight(request) || isHostedPage(request)
                || isApiDocuments(request);
    }

    /** Never served on the public port: operators' and services' own endpoints, and the breaker's fallback. */
    public static boolean isHidden(String path) {
        return startsWithSegment(path, "/internal") || startsWithSegment(path, "/actuator")
                || startsWithSegment(path, "/fallback");
    }

    /**
     * The hosted pages (docs/adr/0015): the waiting page and the operator's view. Static, they carry no credential;
     * their API calls are authenticated like any other.
     */
    public static boolean isHostedPage(ServerHttpRequest request) {
        String path = request.getPath().value();
        return HttpMethod.GET.equals(request.getMethod()) && (startsWithSegment(path, "/wait") || startsWithSegment(path, "/operator"));
    }

    /** The public API documents and their browsable UI (docs/adr/0018): static, no credential. */
    public static boolean isApiDocuments(ServerHttpRequest request) {
        return HttpMethod.GET.equals(request.getMethod()) && startsWithSegment(request.getPath().value(), "/openapi");
    }

    /**
     * The platform operator's API (docs/adr/0021): not a merchant's surface, authenticated by the operator's token
     * only, never by an organization key, and neither rate limited nor idempotency-keyed (no organization to
     * charge or scope them to).
     */
    public static boolean isPlatform(String path) {
        return startsWithSegment(path, "/platform");
    }

    public static boolean isSpotlightAdmin(String path) {
        return startsWithSegment(path, "/v1/admin");
    }

    public static boolean isSpotlightSdk(String path) {
        return startsWithSegment(path, "/v1/sdk");
    }

    private static boolean isPreflight(ServerHttpRequest request) {
        return HttpMethod.OPTIONS.equals(request.getMethod())
                && request.getHeaders().getOrigin() != null
                && request.getHeaders().getFirst("Access-Control-Request-Method") != null;
    }

    private static boolean startsWithSegment(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
