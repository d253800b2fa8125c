package io.dropline.gateway.auth;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.apikey.ApiKeyService;
import io.dropline.gateway.apikey.AuthenticatedKey;
import io.dropline.gateway.apikey.KeyType;
import io.dropline.gateway.config.GatewayProperties;
import io.dropline.gateway.web.GatewayPaths;
import io.dropline.gateway.web.ManagementPort;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Turns the request's credential into a {@link Caller}, for routed requests and the gateway's own routes alike
 * (a gateway GlobalFilter would miss the latter). The credential and the path decide the API surface:
 * <ul>
 *   <li>{@code Authorization: Bearer sk_…} → Admin API;</li>
 *   <li>{@code X-Publishable-Key: pk_…} (+ optional consumer token) → Consumer API, on Consumer-API paths only;</li>
 *   <li>{@code /v1/admin/**}: {@code X-API-Key} + admin JWT → Spotlight Admin API;</li>
 *   <li>{@code /v1/sdk/**}: publishable key in {@code X-API-Key} or {@code X-Publishable-Key} → SDK API.</li>
 * </ul>
 */
@Component
public class AuthenticationWebFilter implements WebFilter, Ordered {

    static final String PUBLISHABLE_KEY = "X-Publishable-Key";
    static final String API_KEY = "X-API-Key";

    private final ApiKeyService keys;
    private final ConsumerTokenVerifier consumerTokens;
    private final AdminTokenVerifier adminTokens;
    private final Pattern trustedProxies;
    private final ManagementPort managementPort;

    public AuthenticationWebFilter(ApiKeyService keys, ConsumerTokenVerifier consumerTokens,
            AdminTokenVerifier adminTokens, GatewayProperties properties, ManagementPort managementPort) {
        this.managementPort = managementPort;
        this.keys = keys;
        this.consumerTokens = consumerTokens;
        this.adminTokens = adminTokens;
        this.trustedProxies = properties.trustedProxies().isBlank() ? null : Pattern.compile(properties.trustedProxies());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (managementPort.serves(exchange) || GatewayPaths.isExempt(request)) {
            return chain.filter(exchange);
        }
        if (GatewayPaths.isHidden(request.getPath().value())) {
            return Mono.error(new ApiException(HttpStatus.NOT_FOUND, "Not found", null));
        }
        return authenticate(request)
                .doOnNext(caller -> exchange.getAttributes().put(Caller.ATTRIBUTE, caller))
                .then(chain.filter(exchange));
    }

    private Mono<Caller> authenticate(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (GatewayPaths.isSpotlightAdmin(path)) {
            return spotlightAdmin(request);
        }
        if (GatewayPaths.isSpotlightSdk(path)) {
            return sdk(request);
        }
        String bearer = bearer(request);
        if (bearer != null && bearer.startsWith("sk_")) {
            return keys.authenticate(bearer).map(key -> caller(key, ApiSurface.ADMIN, Principal.apiKey(key.publicKeyId()), request));
        }
        String publishable = request.getHeaders().getFirst(PUBLISHABLE_KEY);
        if (publishable != null) {
            return consumer(request, publishable, bearer);
        }
        if (bearer != null) {
            return Mono.error(invalidKey());
        }
        return Mono.error(unauthorized("Authentication required"));
    }

    private Mono<Caller> consumer(ServerHttpRequest request, String publishable, String bearer) {
        return publishableKey(publishable).flatMap(key -> {
            if (!ConsumerPaths.isConsumerPath(request.getMethod(), request.getPath().value())) {
                return Mono.error(unauthorized("Secret key required"));
            }
            if (bearer == null) {
                return Mono.just(caller(key, ApiSurface.CONSUMER, Principal.apiKey(key.publicKeyId()), request));
            }
            return consumerTokens.verify(bearer, key)
                    .map(consumer -> caller(key, ApiSurface.CONSUMER, consumer, request));
        });
    }

    private Mono<Caller> sdk(ServerHttpRequest request) {
        String key = firstPresent(request.getHeaders().getFirst(API_KEY), request.getHeaders().getFirst(PUBLISHABLE_KEY));
        if (key == null) {
            return Mono.error(unauthorized("Authentication required"));
        }
        return publishableKey(key).map(found -> caller(found, ApiSurface.SDK, Principal.apiKey(found.publicKeyId()), request));
    }

    private Mono<Caller> spotlightAdmin(ServerHttpRequest request) {
        String key = request.getHeaders().getFirst(API_KEY);
        String bearer = bearer(request);
        if (key == null || bearer == null) {
            return Mono.error(unauthorized("Authentication required"));
        }
        return keys.authenticate(key)
                .flatMap(found -> adminTokens.verify(bearer, found)
                        .map(admin -> caller(found, ApiSurface.SPOTLIGHT_ADMIN, admin, request)));
    }

    private Mono<AuthenticatedKey> publishableKey(String plaintext) {
        return keys.authenticate(plaintext)
                .filter(key -> key.type() == KeyType.PUBLISHABLE)
                .switchIfEmpty(Mono.error(AuthenticationWebFilter::invalidKey));
    }

    private Caller caller(AuthenticatedKey key, ApiSurface surface, Principal principal, ServerHttpRequest request) {
        return new Caller(key.organizationId(), key.environment(), surface, principal, key,
                ClientAddress.of(request, trustedProxies));
    }

    private static String bearer(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static String firstPresent(String first, String second) {
        return first != null ? first : second;
    }

    static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, message, null);
    }

    private static ApiException invalidKey() {
        return unauthorized("Invalid API key");
    }

    @Override
    public int getOrder() {
        // After EdgeWebFilter (request id, alias, header stripping), before the rate limiter.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
