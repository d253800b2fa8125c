package io.dropline.gateway.auth;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.gateway.caller.AuthenticatedKey;
import io.dropline.gateway.caller.Caller;
import java.util.Set;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import io.dropline.gateway.web.DataBuffers;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the access token out of consumer-service's answer to a guest session, a refresh or an external exchange as
 * the gateway passes it on, and hands it to {@link ConsumerTokenVerifier#remember}: the visitor's first join then
 * costs no ES256 signature check (62.6 % of the gateway's samples under a burst of first-time joins, issue 16).
 * Only 2xx answers of consumer-service's own route to a Consumer-API caller are read; the answer reaches the client
 * unchanged, and whatever cannot be read is simply not remembered. Revocation is untouched: every use of the token
 * is still checked against the revocation store.
 */
@Component
class IssuedTokenFilter implements GlobalFilter, Ordered {

    /** consumer-service's answers that carry a new access token ({@code SessionBundle}). */
    static final Set<String> ISSUING_PATHS = Set.of("/api/v1/auth/guest", "/api/v1/auth/refresh",
            "/api/v1/auth/external/exchange");
    /** The route's service: only the signer's own answers are trusted to carry genuine tokens. */
    private static final String ISSUER_SERVICE = "consumer";

    private static final byte[] EMPTY = new byte[0];
    private static final Logger log = LoggerFactory.getLogger(IssuedTokenFilter.class);

    private final ConsumerTokenVerifier verifier;
    private final JsonMapper json;

    IssuedTokenFilter(ConsumerTokenVerifier verifier, JsonMapper json) {
        this.verifier = verifier;
        this.json = json;
        // Jackson builds its tree reader on first use under a lock: event loops reading their first answers at once
        // parked on it (BlockHound caught it in ScaledMeshEndToEndIT: a guest session answered 500). Built here.
        json.readTree("{}");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (caller == null || caller.surface() != ApiSurface.CONSUMER || !issuing(exchange)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().response(new Reading(exchange.getResponse(), caller.key())).build());
    }

    private static boolean issuing(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        return HttpMethod.POST.equals(request.getMethod()) && ISSUING_PATHS.contains(request.getPath().value())
                && route != null && ISSUER_SERVICE.equals(route.getUri().getHost());
    }

    /** The answer, read whole (a session bundle is well under a kilobyte) and written on as it was. */
    private final class Reading extends ServerHttpResponseDecorator {

        private final AuthenticatedKey key;

        Reading(ServerHttpResponse delegate, AuthenticatedKey key) {
            super(delegate);
            this.key = key;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            HttpStatusCode status = getStatusCode();
            if (status == null || !status.is2xxSuccessful()) {
                return super.writeWith(body);
            }
            return DataBufferUtils.join(Flux.from(body))
                    .map(DataBuffers::bytes)
                    .defaultIfEmpty(EMPTY)
                    .doOnNext(this::rememberToken)
                    .flatMap(bytes -> getDelegate().writeWith(Mono.just(bufferFactory().wrap(bytes))));
        }

        private void rememberToken(byte[] bytes) {
            if (bytes.length == 0) {
                return;
            }
            try {
                JsonNode token = json.readTree(bytes).get("accessToken");
                if (token != null && token.isString() && !verifier.remember(token.stringValue(), key)) {
                    log.debug("consumer-service issued an access token this gateway would not accept; not remembered");
                }
            } catch (RuntimeException unreadable) {
                // Not a session bundle after all: nothing to remember, the answer passes on untouched.
                log.debug("Could not read an access token from consumer-service's answer: {}", unreadable.toString());
            }
        }
    }

    @Override
    public int getOrder() {
        // Before the filter that writes the service's answer, so that it writes through this decorator.
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;
    }
}
