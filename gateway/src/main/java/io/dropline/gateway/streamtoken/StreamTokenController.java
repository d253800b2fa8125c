package io.dropline.gateway.streamtoken;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.caller.Caller;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/stream-tokens} (Consumer API: publishable key + consumer access token): a stream token for one
 * status stream of the calling consumer. It grants nothing the consumer's own headers do not: the stream is still
 * served by the owning service under the consumer's identity, which answers 404 for another tenant's distribution.
 */
@RestController
class StreamTokenController {

    private final StreamTokens tokens;
    private final RequestBodies bodies;

    StreamTokenController(StreamTokens tokens, RequestBodies bodies) {
        this.tokens = tokens;
        this.bodies = bodies;
    }

    @Operation(summary = "A short-lived token that opens one status stream with EventSource (?streamToken=…)")
    @PostMapping("/api/v1/stream-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<StreamTokenResponse> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestAttribute(name = Caller.SESSION_ID_ATTRIBUTE, required = false) String sessionId,
            ServerWebExchange exchange, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> {
            if (caller.surface() != ApiSurface.CONSUMER || sessionId == null) {
                throw new ApiException(HttpStatus.UNAUTHORIZED, "Consumer access token required", null);
            }
            String path = bodies.read(body, StreamTokenRequest.class).versionedPath();
            StreamTokens.Grant grant = tokens.grant(caller.organizationId(), caller.environment(), caller.key().keyId(),
                    caller.principal().id(), sessionId, "guest".equals(caller.principal().type()), path);
            String token = tokens.mint(grant);
            return new StreamTokenResponse(token, grant.expiresAt(), streamUrl(exchange, path, token));
        });
    }

    /**
     * Absolute, so an EventSource on a page of another origin reaches the gateway: the scheme and host the request
     * came in on (behind a TLS-terminating proxy, clients may join the path to their own base URL instead).
     */
    private static String streamUrl(ServerWebExchange exchange, String path, String token) {
        URI uri = exchange.getRequest().getURI();
        String authority = uri.getRawAuthority() == null ? "" : uri.getScheme() + "://" + uri.getRawAuthority();
        // The token's alphabet (base64url and '.') needs no escaping in a query.
        return authority + path + "?" + StreamTokens.PARAMETER + "=" + token;
    }
}
