package io.dropline.gateway.auth;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.web.RequestLog;
import io.dropline.gateway.apikey.ApiKeyService;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.config.GatewayProperties;
import io.dropline.gateway.spotlight.SpotlightConfigService;
import io.dropline.gateway.web.GatewayPaths;
import io.dropline.gateway.web.ManagementPort;
import io.dropline.gateway.origins.AllowedOrigins;
import io.dropline.gateway.origins.Origins;
import io.dropline.gateway.operator.OperatorTokens;
import io.dropline.gateway.platform.PlatformOperator;
import io.dropline.gateway.platform.PlatformToken;
import io.dropline.gateway.streamtoken.StreamTokens;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;
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
 *   <li>{@code /v1/sdk/**}: publishable key in {@code X-API-Key} or {@code X-Publishable-Key} → SDK API (secret → 403);</li>
 *   <li>{@code ?streamToken=} on a status stream → Consumer API as the token's consumer (EventSource sends no headers);</li>
 *   <li>{@code /platform/**}: the platform operator's token only ({@link PlatformOperator}, no {@link Caller}, so
 *       neither the rate limiter nor idempotency keys apply); an organization key there is just a wrong token.</li>
 * </ul>
 * Browsers: a Consumer-API request's {@code Origin} must be on the tenant's allowed origins, and a secret key never
 * comes with one (403 both); see {@link BrowserCorsWebFilter}.
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
    private final AllowedOrigins origins;
    private final StreamTokens streamTokens;
    private final OperatorTokens operatorTokens;
    private final PlatformToken platformToken;

    public AuthenticationWebFilter(ApiKeyService keys, ConsumerTokenVerifier consumerTokens,
            AdminTokenVerifier adminTokens, GatewayProperties properties, ManagementPort managementPort,
            SpotlightConfigService configs, AllowedOrigins origins, StreamTokens streamTokens, OperatorTokens operatorTokens,
            PlatformToken platformToken) {
        this.managementPort = managementPort;
        this.platformToken = platformToken;
        this.operatorTokens = operatorTokens;
        this.origins = origins;
        this.streamTokens = streamTokens;
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
        if (GatewayPaths.isPlatform(request.getPath().value())) {
            return platformOperator(request)
                    .doOnNext(operator -> exchange.getAttributes().put(PlatformOperator.ATTRIBUTE, operator))
                    .then(chain.filter(exchange));
        }
        String streamToken = request.getQueryParams().getFirst(StreamTokens.PARAMETER);
        if (streamToken != null && request.getPath().value().startsWith("/api/")) {
            // The token leaves the request here: it must reach neither the services nor anything that logs URLs.
            ServerWebExchange stripped = exchange.mutate().request(withoutStreamToken(request)).build();
            return streamCaller(exchange, streamToken)
                    .doOnNext(caller -> remember(exchange, caller))
                    .then(chain.filter(stripped));
        }
        return authenticate(exchange)
                .doOnNext(caller -> remember(exchange, caller))
                .then(chain.filter(exchange));
    }

    /** The caller, for everything after this filter, and its organization, for the request's log lines. */
    private static void remember(ServerWebExchange exchange, Caller caller) {
        exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
        RequestLog.organization(exchange, caller.organizationId());
    }

    private Mono<Caller> authenticate(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (GatewayPaths.isSpotlightAdmin(path)) {
            return spotlightAdmin(request);
        }
        if (GatewayPaths.isSpotlightSdk(path)) {
            return sdk(request);
        }
        String bearer = bearer(request);
        if (bearer != null && bearer.startsWith(OperatorTokens.PREFIX)) {
            return operator(exchange, bearer);
        }
        if (bearer != null && bearer.startsWith("sk_")) {
            if (request.getHeaders().getOrigin() != null) {
                // A browser sends Origin; a secret key in a browser is a leaked key. Refused before it is even looked
                // up, and with no CORS headers, so the page cannot read anything.
                return Mono.error(forbidden("Secret keys must never be used from a browser: call the Admin API from "
                        + "your server, and the Consumer API with a publishable key"));
            }
            return keys.authenticate(bearer).map(key -> caller(key, ApiSurface.ADMIN, Principal.apiKey(key.publicKeyId()), request));
        }
        String publishable = request.getHeaders().getFirst(PUBLISHABLE_KEY);
        if (publishable != null) {
            return consumer(exchange, publishable, bearer);
        }
        if (bearer != null) {
            return Mono.error(invalidKey());
        }
        return Mono.error(unauthorized("Authentication required"));
    }

    private Mono<Caller> consumer(ServerWebExchange exchange, String publishable, String bearer) {
        ServerHttpRequest request = exchange.getRequest();
        return publishableKey(publishable).flatMap(key -> {
            if (!ConsumerPaths.isConsumerPath(request.getMethod(), request.getPath().value())) {
                return Mono.error(unauthorized("Secret key required"));
            }
            return browserOrigin(exchange, key).then(Mono.defer(() -> {
                if (bearer == null) {
                    return Mono.just(caller(key, ApiSurface.CONSUMER, Principal.apiKey(key.publicKeyId()), request));
                }
                return consumerTokens.session(bearer, key)
                        .doOnNext(session -> exchange.getAttributes().put(Caller.SESSION_ID_ATTRIBUTE, session.sessionId()))
                        .map(session -> caller(key, ApiSurface.CONSUMER, session.principal(), request));
            }));
        });
    }

    /**
     * A Consumer-API request with an {@code Origin} (a browser's) passes only from the tenant's allowed origins of
     * the key's environment, or from the gateway's own host (same-origin pages need no CORS); else 403, without
     * CORS headers. An accepted origin is recorded before the consumer token is checked, so a 401 for an expired
     * token still reaches the page, which can then refresh.
     */
    private Mono<Void> browserOrigin(ServerWebExchange exchange, AuthenticatedKey key) {
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin == null) {
            return Mono.empty();
        }
        Mono<Boolean> allowed = Origins.isSameOrigin(origin, exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST))
                ? Mono.just(true)
                : origins.allows(key.organizationId(), key.environment(), origin);
        return allowed.flatMap(ok -> {
            if (!ok) {
                return Mono.error(forbidden("Origin not allowed for this organization: add it to the allowed origins "
                        + "(PUT /api/v1/settings/allowed-origins)"));
            }
            exchange.getAttributes().put(BrowserCorsWebFilter.ALLOWED_ORIGIN, origin);
            return Mono.empty();
        });
    }

    /**
     * A stream token ({@code ?streamToken=}) opens exactly the status stream it names: GET, {@code Accept:
     * text/event-stream}, that path, before its expiry, while its publishable key is valid and its session not
     * revoked (the same revocation check as a consumer token's: a logged-out session's stream tokens stop working).
     * A publishable key sent along must be the token's tenant's. Anything else → 401 "Invalid stream token".
     */
    private Mono<Caller> streamCaller(ServerWebExchange exchange, String token) {
        ServerHttpRequest request = exchange.getRequest();
        StreamTokens.Grant grant = streamTokens.verify(token).orElse(null);
        if (grant == null || !HttpMethod.GET.equals(request.getMethod()) || !acceptsEventStream(request)
                || !grant.path().equals(request.getPath().value())
                || request.getQueryParams().get(StreamTokens.PARAMETER).size() != 1) {
            return Mono.error(invalidStreamToken());
        }
        String publishable = request.getHeaders().getFirst(PUBLISHABLE_KEY);
        Mono<Void> sameTenant = publishable == null ? Mono.empty() : publishableKey(publishable)
                .flatMap(key -> key.organizationId().equals(grant.organizationId()) && key.environment() == grant.environment()
                        ? Mono.<Void>empty() : Mono.error(invalidStreamToken()));
        return sameTenant.then(keys.byId(grant.keyId()))
                .onErrorMap(failed -> failed instanceof ApiException api && api.status() == HttpStatus.UNAUTHORIZED,
                        failed -> invalidStreamToken())
                .flatMap(key -> {
                    if (key.type() != KeyType.PUBLISHABLE || !key.organizationId().equals(grant.organizationId())
                            || key.environment() != grant.environment()) {
                        return Mono.error(invalidStreamToken());
                    }
                    Principal principal = grant.guest() ? Principal.guest(grant.consumerId(), key.publicKeyId())
                            : Principal.consumer(grant.consumerId(), key.publicKeyId());
                    return browserOrigin(exchange, key)
                            .then(consumerTokens.requireActive(grant.sessionId()))
                            .then(Mono.fromCallable(() -> {
                                exchange.getAttributes().put(Caller.SESSION_ID_ATTRIBUTE, grant.sessionId());
                                return caller(key, ApiSurface.CONSUMER, principal, request);
                            }));
                });
    }

    private static boolean acceptsEventStream(ServerHttpRequest request) {
        return request.getHeaders().getAccept().stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                && !type.isWildcardType());
    }

    /** The request without {@code streamToken} (every other query parameter kept as sent). */
    static ServerHttpRequest withoutStreamToken(ServerHttpRequest request) {
        URI uri = request.getURI();
        String query = uri.getRawQuery();
        String kept = query == null ? null : Arrays.stream(query.split("&"))
                .filter(part -> !part.equals(StreamTokens.PARAMETER) && !part.startsWith(StreamTokens.PARAMETER + "="))
                .collect(Collectors.joining("&"));
        URI stripped = UriComponentsBuilder.fromUri(uri).replaceQuery(kept == null || kept.isEmpty() ? null : kept)
                .build(true).toUri();
        return request.mutate().uri(stripped).build();
    }

    /**
     * An operator token (docs/adr/0015) acts as its secret key, but only on the requests of its one queue that
     * {@link OperatorTokens.Grant#permits} lists (403 for any other), before its expiry and while that key is
     * valid (a rotated or revoked key ends its sessions): 401 otherwise. A browser may use it only from the gateway's
     * own host, where the operator page is served; the Admin API still answers no CORS.
     */
    private Mono<Caller> operator(ServerWebExchange exchange, String token) {
        ServerHttpRequest request = exchange.getRequest();
        OperatorTokens.Grant grant = operatorTokens.verify(token).orElse(null);
        if (grant == null) {
            return Mono.error(unauthorized("Invalid or expired operator session"));
        }
        String origin = request.getHeaders().getOrigin();
        if (origin != null && !Origins.isSameOrigin(origin, request.getHeaders().getFirst(HttpHeaders.HOST))) {
            return Mono.error(forbidden("Operator sessions are for the operator page served by this gateway"));
        }
        if (!grant.permits(request.getMethod(), request.getPath().value())) {
            return Mono.error(forbidden("This operator session covers only its own queue's view and controls"));
        }
        return keys.byId(grant.keyId())
                .onErrorMap(failed -> failed instanceof ApiException api && api.status() == HttpStatus.UNAUTHORIZED,
                        failed -> unauthorized("Invalid or expired operator session"))
                .flatMap(key -> key.type() == KeyType.SECRET && key.organizationId().equals(grant.organizationId())
                        && key.environment() == grant.environment()
                        ? Mono.just(caller(key, ApiSurface.ADMIN, Principal.apiKey(key.publicKeyId()), request))
                        : Mono.error(unauthorized("Invalid or expired operator session")));
    }

    /**
     * The platform operator's API (docs/adr/0021): only {@code Authorization: Bearer <platform token>} opens it. With
     * no token configured the surface does not exist (404); a browser's request is refused (403: the token belongs
     * on an operator's machine, never in a page); a missing or wrong token, an organization key included → 401.
     */
    private Mono<PlatformOperator> platformOperator(ServerHttpRequest request) {
        if (!platformToken.enabled()) {
            return Mono.error(new ApiException(HttpStatus.NOT_FOUND, "Not found", null));
        }
        if (request.getHeaders().getOrigin() != null) {
            return Mono.error(forbidden("The platform operator's API is not for browsers"));
        }
        String bearer = bearer(request);
        if (bearer == null) {
            return Mono.error(unauthorized("Platform operator token required"));
        }
        if (!platformToken.matches(bearer)) {
            return Mono.error(unauthorized("Invalid platform operator token"));
        }
        return Mono.just(new PlatformOperator(ClientAddress.of(request, trustedProxies)));
    }

    private static ApiException invalidStreamToken() {
        return unauthorized("Invalid stream token");
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
