package io.dropline.gateway.auth;

import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.Environment;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.context.Principal;
import io.dropline.contracts.error.ApiException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * consumer-service's own word on whether a session is revoked ({@code GET /internal/sessions/{id}/revocation}, read
 * from PostgreSQL), asked only while the Redis cache of revocations cannot answer: Redis is unreachable, or it lost
 * its data and consumer-service has not finished rebuilding it. Not cached here: a revocation is decided by the
 * database, never by a copy this gateway keeps. Any failure answers 503, never "not revoked".
 */
public class ConsumerSessions {

    /** The part of consumer-service's answer the gateway reads. */
    record Revocation(String sessionId, Boolean revoked) {
    }

    private final WebClient client;
    private final InternalContextCodec codec;
    private final Duration timeout;

    public ConsumerSessions(WebClient client, InternalContextCodec codec, Duration timeout) {
        this.client = client;
        this.codec = codec;
        this.timeout = timeout;
    }

    /** True when the session's tokens must be refused; an error (503) when consumer-service cannot say. */
    Mono<Boolean> revoked(String sessionId) {
        return client.get().uri("/internal/sessions/{sessionId}/revocation", sessionId)
                .header(InternalContext.HEADER, internalContext())
                .retrieve()
                .bodyToMono(Revocation.class)
                .timeout(timeout)
                .map(answer -> {
                    if (answer.revoked() == null || !sessionId.equals(answer.sessionId())) {
                        throw new IllegalStateException("consumer-service's revocation answer is incomplete");
                    }
                    return answer.revoked();
                })
                .onErrorMap(failed -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE")
                        .retryAfter(2));
    }

    private String internalContext() {
        return codec.sign(codec.create(null, Environment.LIVE, ApiSurface.INTERNAL, Principal.service("gateway"), "gateway-revocation"));
    }
}
