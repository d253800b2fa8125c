package io.dropline.gateway.auth;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import io.dropline.gateway.apikey.ApiKeyService;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.config.GatewayProperties;
import io.dropline.gateway.spotlight.SpotlightConfigService;
import io.dropline.gateway.web.GatewayPaths;
import io.dropline.gateway.web.ManagementPort;
import java.util.Set;
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
 *   <li>{@code /v1/admin/**}: {@code X-API-Key} (secret key; publishable → 403) + admin JWT → Spotlight Admin API;</li>
 *   <li>{@code /v1/sdk/**}: publishable key in {@code X-API-Key} or {@code X-Publishable-Key} → SDK API (secret → 403).</li>
 * </ul>
 * On the Spotlight surfaces the caller also carries the tenant's kill-switch state ({@code disabledFeatures}).
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
    private final SpotlightConfigService configs;

    public AuthenticationWebFilter(ApiKeyService keys, ConsumerTokenVerifier consumerTokens,
            AdminTokenVerifier adminTokens, GatewayProperties properties, ManagementPort managementPort,
            SpotlightConfigService configs) {
        this.managementPort = managementPort;
        this.configs = configs;
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

    /**
     * SDK API: a publishable key ({@code X-API-Key} or {@code X-Publishable-Key}); a secret key is refused with 403
     * (it must never sit in a browser), and so is a browser {@code Origin} outside the tenant's non-empty
     * {@code allowed_origins}. The kill switch's state rides along for the services.
     */
    private Mono<Caller> sdk(ServerHttpRequest request) {
        String key = firstPresent(request.getHeaders().getFirst(API_KEY), request.getHeaders().getFirst(PUBLISHABLE_KEY));
        if (key == null) {
            return Mono.error(unauthorized("API key required (X-API-Key with a publishable key)"));
        }
        return keys.authenticate(key).flatMap(found -> {
            if (found.type() != KeyType.PUBLISHABLE) {
                return Mono.error(forbidden("The SDK API takes a publishable key; never put a secret key in a browser"));
            }
            return configs.current(found.organizationId(), found.environment()).map(config -> {
                String origin = request.getHeaders().getOrigin();
                if (origin != null && !config.allowsOrigin(origin)) {
                    throw forbidden("Origin not allowed for this tenant");
                }
                return caller(found, ApiSurface.SDK, Principal.apiKey(found.publicKeyId()), request, config.disabledFeatures());
            });
        });
    }

    /**
     * Spotlight Admin API: {@code X-API-Key} with a secret key resolves the tenant (a publishable key is 403), then
     * {@code Authorization: Bearer <admin JWT>} is verified against the tenant's JWKS and admin strategy.
     */
    private Mono<Caller> spotlightAdmin(ServerHttpRequest request) {
        String key = request.getHeaders().getFirst(API_KEY);
        if (key == null) {
            return Mono.error(unauthorized("API key required (X-API-Key with a secret key)"));
        }
        String bearer = bearer(request);
        return keys.authenticate(key).flatMap(found -> {
            if (found.type() != KeyType.SECRET) {
                return Mono.error(forbidden("The Spotlight Admin API takes a secret key"));
            }
            if (bearer == null) {
                return Mono.error(unauthorized("Admin token required (Authorization: Bearer <JWT>)"));
            }
            return adminTokens.verify(bearer, found)
                    .flatMap(admin -> permitted(admin, request))
                    .flatMap(admin -> configs.current(found.organizationId(), found.environment())
                            .map(config -> new Caller(found.organizationId(), found.environment(), ApiSurface.SPOTLIGHT_ADMIN,
                                    admin.principal(), found, ClientAddress.of(request, trustedProxies),
                                    config.disabledFeatures(), admin.role())));
        });
    }

    /** The admin's role must allow this method on this path (viewers read, editors write content only): else 403. */
    private static Mono<AdminTokenVerifier.Admin> permitted(AdminTokenVerifier.Admin admin, ServerHttpRequest request) {
        if (AdminRoles.permits(admin.role(), request.getMethod(), request.getPath().value())) {
            return Mono.just(admin);
        }
        return Mono.error(forbidden("The admin role " + admin.role() + " may not " + request.getMethod().name() + " here"));
    }

    private Mono<AuthenticatedKey> publishableKey(String plaintext) {
        return keys.authenticate(plaintext)
                .filter(key -> key.type() == KeyType.PUBLISHABLE)
                .switchIfEmpty(Mono.error(AuthenticationWebFilter::invalidKey));
    }

    private Caller caller(AuthenticatedKey key, ApiSurface surface, Principal principal, ServerHttpRequest request) {
        return caller(key, surface, principal, request, Set.of());
    }

    private Caller caller(AuthenticatedKey key, ApiSurface surface, Principal principal, ServerHttpRequest request,
            Set<String> disabledFeatures) {
        return new Caller(key.organizationId(), key.environment(), surface, principal, key,
                ClientAddress.of(request, trustedProxies), disabledFeatures);
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

    static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, message, "FORBIDDEN");
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
