package io.dropline.gateway.idempotency;

import io.dropline.contracts.web.ApiErrorWebExceptionHandler;
import io.dropline.contracts.web.RequestIds;
import io.dropline.contracts.web.RequestLog;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.config.IdempotencyProperties;
import io.dropline.gateway.idempotency.IdempotencyKeys.Claim;
import io.dropline.gateway.idempotency.IdempotencyKeys.Claimed;
import io.dropline.gateway.idempotency.IdempotencyKeys.InFlight;
import io.dropline.gateway.idempotency.IdempotencyKeys.NotStored;
import io.dropline.gateway.idempotency.IdempotencyKeys.Replay;
import io.dropline.gateway.idempotency.IdempotencyKeys.StoredResponse;
import io.dropline.gateway.web.ErrorResponses;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import io.dropline.gateway.web.DataBuffers;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency-Key} on Admin- and Consumer-API POSTs (docs/adr/0019-idempotency-keys.md), in one place for the
 * gateway's own routes and every routed service alike:
 * <ul>
 *   <li>a new key is claimed in PostgreSQL (in flight, under a lease this attempt renews while it runs), the request
 *   runs, and its answer is stored before the client sees it — unless it is a 5xx, which frees the key so the client
 *   may retry;</li>
 *   <li>the same key again, same method, path and body: the stored answer ({@code Idempotency-Replayed: true}), or
 *   409 {@code IDEMPOTENCY_KEY_IN_FLIGHT} with {@code Retry-After} while the first attempt still runs;</li>
 *   <li>the same key with another request: 400 {@code IDEMPOTENCY_KEY_REUSED}; a malformed key: 400
 *   {@code IDEMPOTENCY_KEY_INVALID}.</li>
 * </ul>
 * Requests without the header never reach PostgreSQL here. After authentication and the rate limiter: a refused
 * request claims nothing, and a replay costs a token like any request.
 */
@Component
public class IdempotencyWebFilter implements WebFilter, Ordered {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotency-Replayed";

    static final String INVALID_CODE = "IDEMPOTENCY_KEY_INVALID";
    static final String REUSED_CODE = "IDEMPOTENCY_KEY_REUSED";
    static final String IN_FLIGHT_CODE = "IDEMPOTENCY_KEY_IN_FLIGHT";
    static final String NOT_STORED_CODE = "IDEMPOTENCY_RESPONSE_NOT_STORED";

    /**
     * The answer's headers a replay repeats: what describes the body and the created resource. Not the request id,
     * rate-limit or CORS headers: those belong to the request being answered now, and the edge sets them again.
     */
    static final Set<String> STORED_HEADERS = Set.of("content-type", "content-language", "location", "etag",
            "last-modified", "cache-control", "x-fingerprint-error", "x-fingerprint-mismatch");

    private static final Logger log = LoggerFactory.getLogger(IdempotencyWebFilter.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final ErrorResponses errors;
    private final ApiErrorWebExceptionHandler errorHandler;

    public IdempotencyWebFilter(IdempotencyKeys keys, IdempotencyProperties properties, ErrorResponses errors,
            ApiErrorWebExceptionHandler errorHandler) {
        this.keys = keys;
        this.properties = properties;
        this.errors = errors;
        this.errorHandler = errorHandler;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        // The hot path: no header (or not a POST of these APIs) costs one map look-up and nothing else.
        List<String> values = request.getHeaders().get(HEADER);
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        if (values == null || !properties.enabled() || caller == null
                || !IdempotentRequest.readsHeader(caller, request.getMethod())) {
            return chain.filter(exchange);
        }
        String key = values.size() == 1 ? values.get(0) : null;
        if (!IdempotentRequest.isValidKey(key)) {
            return errors.write(exchange, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key: send one value of 1 to "
                    + IdempotentRequest.MAX_KEY_LENGTH + " printable ASCII characters (a UUID, for example)", INVALID_CODE, null);
        }
        String path = request.getPath().value();
        String scope = IdempotentRequest.scope(caller, path);
        if (scope == null) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), (int) properties.maxRequestBody().toBytes())
                .map(DataBuffers::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    IdempotentRequest idempotent = new IdempotentRequest(caller.organizationId(), caller.environment(),
                            scope, key, IdempotentRequest.hash(request.getMethod(), path, request.getURI().getRawQuery(), body));
                    return keys.claim(idempotent).flatMap(claim -> answer(exchange, chain, idempotent, body, claim));
                });
    }

    private Mono<Void> answer(ServerWebExchange exchange, WebFilterChain chain, IdempotentRequest request, byte[] body,
            Claim claim) {
        if (claim instanceof Claimed claimed) {
            return run(exchange, chain, request, claimed.owner(), body);
        }
        if (claim instanceof Replay replay) {
            return replay(exchange, replay.response());
        }
        if (claim instanceof InFlight inFlight) {
            return errors.write(exchange, HttpStatus.CONFLICT, "A request with this Idempotency-Key is still in progress; "
                    + "retry after Retry-After seconds", IN_FLIGHT_CODE, inFlight.retryAfterSeconds());
        }
        if (claim instanceof NotStored notStored) {
            return errors.write(exchange, HttpStatus.CONFLICT, "The request with this Idempotency-Key completed (status "
                    + notStored.status() + "), but its response was too large to keep for replay; it is not run again",
                    NOT_STORED_CODE, null);
        }
        return errors.write(exchange, HttpStatus.BAD_REQUEST, "This Idempotency-Key was already used with a different "
                + "request (method, path or body); use a new key for a new request", REUSED_CODE, null);
    }

    /**
     * Runs the request holding the key: the body read for the hash is handed on as it was, the lease is renewed while
     * the request runs, and the answer is recorded (below 500) or the key given up (5xx) before the client sees it.
     * Errors are rendered here, through the same handler the edge uses, so their answer is recorded too. A client that
     * hangs up leaves the claim to its lease: whether the service finished is unknown, as after a crash.
     */
    private Mono<Void> run(ServerWebExchange exchange, WebFilterChain chain, IdempotentRequest request, UUID owner,
            byte[] body) {
        Disposable renewal = Flux.interval(properties.renewEvery())
                .concatMap(tick -> keys.renew(request, owner).onErrorResume(failed -> {
                    RequestLog.with(exchange, () -> log.warn("Could not renew the lease of an idempotency key (request {}): {}",
                            RequestIds.of(exchange), failed.toString()));
                    return Mono.just(true);
                }))
                .takeWhile(stillOurs -> stillOurs)
                .subscribe();
        RecordingResponse response = new RecordingResponse(exchange.getResponse(),
                new KeyRecorder(request, owner, renewal, RequestIds.of(exchange)));
        ServerWebExchange holding = exchange.mutate().request(replayable(exchange.getRequest(), body)).response(response).build();
        return chain.filter(holding)
                .onErrorResume(failed -> errorHandler.handle(holding, failed))
                // Nothing written at all (a handler that only set a status): the exchange ends here, recorded.
                .then(Mono.defer(() -> response.isRecorded() || response.isCommitted() ? Mono.empty() : response.setComplete()))
                .doFinally(signal -> renewal.dispose());
    }

    private final class KeyRecorder implements RecordingResponse.Recorder {

        private final IdempotentRequest request;
        private final UUID owner;
        private final Disposable renewal;
        private final String requestId;
        private final AtomicBoolean done = new AtomicBoolean();

        KeyRecorder(IdempotentRequest request, UUID owner, Disposable renewal, String requestId) {
            this.request = request;
            this.owner = owner;
            this.renewal = renewal;
            this.requestId = requestId;
        }

        @Override
        public Mono<Void> answered(int status, ServerHttpResponse response, byte[] body) {
            if (!done.compareAndSet(false, true)) {
                return Mono.empty();
            }
            renewal.dispose();
            if (status >= 500) {
                return abandon();
            }
            byte[] stored = body.length <= properties.maxResponseBody().toBytes() ? body : null;
            return keys.complete(request, owner, status, storedHeaders(response.getHeaders()), stored)
                    .doOnNext(recorded -> {
                        if (!recorded) {
                            RequestLog.with(requestId, request.organizationId(), () -> log.warn(
                                    "Idempotency key claim lapsed before request {} answered; its answer is not stored", requestId));
                        }
                    })
                    // PostgreSQL failing now must not cost the client the answer it is owed: the key stays in flight
                    // until its lease lapses, and a later retry runs again (the ADR names this window).
                    .onErrorResume(failed -> {
                        RequestLog.with(requestId, request.organizationId(), () -> log.warn(
                                "Could not store the answer of request {} under its idempotency key: {}", requestId, failed.toString()));
                        return Mono.empty();
                    })
                    .then();
        }

        @Override
        public Mono<Void> abandoned() {
            if (!done.compareAndSet(false, true)) {
                return Mono.empty();
            }
            renewal.dispose();
            return abandon();
        }

        private Mono<Void> abandon() {
            return keys.release(request, owner).onErrorResume(failed -> {
                RequestLog.with(requestId, request.organizationId(), () -> log.warn(
                        "Could not release the idempotency key of request {} (it frees itself when its lease lapses): {}",
                        requestId, failed.toString()));
                return Mono.empty();
            });
        }
    }

    private static Mono<Void> replay(ServerWebExchange exchange, StoredResponse stored) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(stored.status()));
        stored.headers().forEach((name, values) -> response.getHeaders().put(name, values));
        response.getHeaders().set(REPLAYED_HEADER, "true");
        response.getHeaders().setContentLength(stored.body().length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(stored.body())));
    }

    static HttpHeaders storedHeaders(HttpHeaders headers) {
        HttpHeaders kept = new HttpHeaders();
        headers.forEach((name, values) -> {
            if (STORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                kept.put(name, List.copyOf(values));
            }
        });
        return kept;
    }

    /** The request with the body already read, for whatever handles it next (a route or the gateway's own). */
    private static ServerHttpRequest replayable(ServerHttpRequest request, byte[] body) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> body.length == 0 ? Flux.empty()
                        : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
            }
        };
    }

    @Override
    public int getOrder() {
        // After authentication (+10) and the rate limiter (+20).
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }
}
