package io.dropline.gateway.operator;

import io.dropline.contracts.body.RequestBodies;
import io.dropline.contracts.context.ApiSurface;
import io.dropline.contracts.context.InternalContext;
import io.dropline.contracts.context.InternalContextCodec;
import io.dropline.contracts.error.ApiException;
import io.dropline.contracts.web.RequestIds;
import io.dropline.gateway.caller.Caller;
import io.dropline.gateway.caller.KeyType;
import io.dropline.gateway.balancing.BalancedClients;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/operator-sessions} (Admin API, secret key, called from the merchant's server): a short-lived
 * operator token for the live view of one queue (docs/adr/0015). The queue is looked up in experiences-service as
 * the calling tenant first, so another organization's or environment's queue is a 404 and no token names it; the
 * lookup also yields the queue's sequence, whose metrics the token may read.
 */
@RestController
class OperatorSessionController {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    private final OperatorTokens tokens;
    private final RequestBodies bodies;
    private final InternalContextCodec codec;
    private final WebClient experiences;

    OperatorSessionController(OperatorTokens tokens, RequestBodies bodies, InternalContextCodec codec, BalancedClients clients) {
        this.tokens = tokens;
        this.bodies = bodies;
        this.codec = codec;
        this.experiences = clients.client("experiences", Duration.ofSeconds(1), LOOKUP_TIMEOUT);
    }

    @Operation(summary = "A 15-minute operator token for one queue's live view (read, open/close/pause); never expose the secret key")
    @PostMapping("/api/v1/operator-sessions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<OperatorSessionResponse> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, ServerWebExchange exchange,
            @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> {
            if (caller.surface() != ApiSurface.ADMIN || caller.key() == null || caller.key().type() != KeyType.SECRET) {
                throw new ApiException(HttpStatus.UNAUTHORIZED, "Secret key required", null);
            }
            return bodies.read(body, OperatorSessionRequest.class).validQueueId();
        }).flatMap(queueId -> queue(caller, queueId, RequestIds.of(exchange)).map(queue -> {
            OperatorTokens.Grant grant = tokens.grant(caller.organizationId(), caller.environment(), caller.key().keyId(),
                    queueId, queue.get("sequenceId").stringValue());
            String token = tokens.mint(grant);
            return new OperatorSessionResponse(token, queueId, grant.sequenceId(), grant.expiresAt(),
                    "/operator/queues/" + queueId + "#token=" + token);
        }));
    }

    /** The queue as the caller sees it: 404 for one of another tenant, 503 when experiences-service cannot say. */
    private Mono<JsonNode> queue(Caller caller, String queueId, String requestId) {
        InternalContext context = codec.create(caller.organizationId(), caller.environment(), ApiSurface.ADMIN,
                caller.principal(), requestId);
        return experiences.get().uri("/api/v1/queues/{id}", queueId)
                .header(InternalContext.HEADER, codec.sign(context))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .timeout(LOOKUP_TIMEOUT)
                .filter(queue -> queue.hasNonNull("sequenceId") && queueId.equals(queue.path("id").stringValue()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Queue")))
                .onErrorMap(failure -> !(failure instanceof ApiException), failure -> failure instanceof WebClientResponseException.NotFound
                        || failure instanceof WebClientResponseException.BadRequest
                        ? ApiException.notFound("Queue")
                        : new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "SERVICE_UNAVAILABLE").retryAfter(2));
    }
}
