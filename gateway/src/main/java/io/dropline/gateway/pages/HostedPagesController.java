package io.dropline.gateway.pages;

import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.id.Ids;
import io.dropline.gateway.apikey.ApiKeyService;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.origins.AllowedOrigins;
import io.dropline.gateway.origins.Origins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The hosted waiting page (issue 14 point 3, docs/adr/0015): {@code GET /wait/{experienceId}?pk=…[&checkout=…]} and
 * its script and style sheet. The page is static; it runs the Consumer API journey from the gateway's own origin, so
 * it needs no allowed-origins entry (ADR 0014). The server checks what a static page cannot: that the publishable key
 * is a valid one, and that the checkout URL it will hand the admission grant to is an origin of that tenant's
 * allowed-origins list, so the page can never be used as an open redirect.
 */
@RestController
class HostedPagesController {

    /** Scripts, styles and connections only from the gateway itself; no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final byte[] PAGE = resource("pages/wait.html");
    private static final byte[] SCRIPT = resource("pages/wait.js");
    private static final byte[] STYLE = resource("pages/wait.css");
    private static final byte[] OPERATOR_PAGE = resource("pages/operator.html");
    private static final byte[] OPERATOR_SCRIPT = resource("pages/operator.js");

    private final ApiKeyService keys;
    private final AllowedOrigins allowedOrigins;

    HostedPagesController(ApiKeyService keys, AllowedOrigins allowedOrigins) {
        this.keys = keys;
        this.allowedOrigins = allowedOrigins;
    }

    @GetMapping("/wait/{experienceId}")
    Mono<Void> waitingPage(ServerHttpResponse response, @PathVariable String experienceId,
            @RequestParam(name = "pk", required = false) String publishableKey,
            @RequestParam(name = "checkout", required = false) String checkout) {
        if (Ids.parse("exp", experienceId).isEmpty()) {
            return Mono.error(ApiException.notFound("Experience"));
        }
        if (publishableKey == null || publishableKey.isBlank()) {
            return Mono.error(ApiException.validation("pk", "A publishable key is required"));
        }
        return keys.authenticate(publishableKey)
                .filter(key -> key.type() == KeyType.PUBLISHABLE)
                .switchIfEmpty(Mono.error(() -> ApiException.validation("pk", "Must be a publishable key")))
                .flatMap(key -> checkout == null ? Mono.just(true)
                        : checkoutOrigin(checkout) == null ? Mono.just(false)
                        : allowedOrigins.allows(key.organizationId(), key.environment(), checkoutOrigin(checkout)))
                .flatMap(allowed -> allowed ? page(response, PAGE, MediaType.TEXT_HTML)
                        : Mono.error(ApiException.validation("checkout",
                                "Must be an https URL (http only on localhost) on one of the organization's allowed origins")));
    }

    @GetMapping("/wait/assets/wait.js")
    Mono<Void> script(ServerHttpResponse response) {
        return page(response, SCRIPT, MediaType.valueOf("text/javascript;charset=UTF-8"));
    }

    @GetMapping("/wait/assets/wait.css")
    Mono<Void> style(ServerHttpResponse response) {
        return page(response, STYLE, MediaType.valueOf("text/css;charset=UTF-8"));
    }

    /**
     * The operator's live view of one queue. The page holds no secret: it runs on the operator token that the
     * merchant's server obtained ({@code POST /api/v1/operator-sessions}) and put in the URL's fragment.
     */
    @GetMapping("/operator/queues/{queueId}")
    Mono<Void> operatorPage(ServerHttpResponse response, @PathVariable String queueId) {
        if (!queueId.matches("queue_[A-Za-z0-9_-]{1,94}")) {
            return Mono.error(ApiException.notFound("Queue"));
        }
        return page(response, OPERATOR_PAGE, MediaType.TEXT_HTML);
    }

    @GetMapping("/operator/assets/operator.js")
    Mono<Void> operatorScript(ServerHttpResponse response) {
        return page(response, OPERATOR_SCRIPT, MediaType.valueOf("text/javascript;charset=UTF-8"));
    }

    /**
     * The origin of a checkout URL, or null when it is not an absolute https URL (http is accepted for loopback hosts
     * only, for development and tests) or carries user info.
     */
    static String checkoutOrigin(String checkout) {
        if (checkout.length() > 2000 || checkout.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return null;
        }
        try {
            URI uri = new URI(checkout);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
            if (host.isEmpty() || uri.getRawUserInfo() != null || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
                return null;
            }
            return Origins.normalize(scheme + "://" + uri.getRawAuthority());
        } catch (URISyntaxException malformed) {
            return null;
        }
    }

    /** Written directly: static bytes, with the headers every hosted page and asset carries. */
    private static Mono<Void> page(ServerHttpResponse response, byte[] body, MediaType type) {
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(type);
        headers.setContentLength(body.length);
        headers.setCacheControl(CacheControl.noCache());
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    private static byte[] resource(String path) {
        try (var in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException failure) {
            throw new UncheckedIOException("hosted page resource missing: " + path, failure);
        }
    }
}
